import { JURISDICTIONS } from './reference-data';

/**
 * The places a practice or client can say they are in: every country with a row in the reference data, or covered by
 * the EU row, and — where the law differs within the country — its states, provinces or territories.
 */

// ISO 3166-1 alpha-2 codes of the EU member states (Greece is GR here, not the EU's own EL).
export const EU_MEMBER_STATES: Readonly<Record<string, string>> = {
  AT: 'Austria',
  BE: 'Belgium',
  BG: 'Bulgaria',
  HR: 'Croatia',
  CY: 'Cyprus',
  CZ: 'Czechia',
  DK: 'Denmark',
  EE: 'Estonia',
  FI: 'Finland',
  FR: 'France',
  DE: 'Germany',
  GR: 'Greece',
  HU: 'Hungary',
  IE: 'Ireland',
  IT: 'Italy',
  LV: 'Latvia',
  LT: 'Lithuania',
  LU: 'Luxembourg',
  MT: 'Malta',
  NL: 'Netherlands',
  PL: 'Poland',
  PT: 'Portugal',
  RO: 'Romania',
  SK: 'Slovakia',
  SI: 'Slovenia',
  ES: 'Spain',
  SE: 'Sweden',
};

const COUNTRY_NAMES: Readonly<Record<string, string>> = {
  ...EU_MEMBER_STATES,
  AU: 'Australia',
  CA: 'Canada',
  GB: 'United Kingdom',
  US: 'United States',
};

export interface PlaceOption {
  code: string;
  name: string;
}

export interface CountryOption extends PlaceOption {
  /** Empty when one rule covers the whole country. */
  regions: PlaceOption[];
}

const byName = (a: PlaceOption, b: PlaceOption) => a.name.localeCompare(b.name, 'en');

const COUNTRIES: readonly CountryOption[] = Object.entries(COUNTRY_NAMES)
  .map(([code, name]) => ({
    code,
    name,
    regions: JURISDICTIONS.filter((row) => row.code.startsWith(`${code}-`))
      .map(({ code: regionCode, name: regionName }) => ({ code: regionCode, name: regionName }))
      .sort(byName),
  }))
  .sort(byName);

/** Countries, each with its regions where the law differs by region, sorted by name: for location selects. */
export function listJurisdictions(): readonly CountryOption[] {
  return COUNTRIES;
}

export function findCountry(code: string | null | undefined): CountryOption | undefined {
  return COUNTRIES.find((country) => country.code === code);
}

export const LOCATION_MESSAGES = {
  country: 'Choose a country from the list.',
  region: 'Choose a state, province or territory.',
  regionOfCountry: 'Choose a state, province or territory in the country you chose.',
  noRegions: 'Leave this empty: the rules are the same throughout this country.',
  countryFirst: 'Choose a country first.',
} as const;

/** Field errors for a location, checked against the reference data; empty when it is valid. */
export function locationErrors(location: { country: string | null; region: string | null }): Partial<Record<'country' | 'region', string>> {
  const { country: code, region } = location;
  if (code === null) return region === null ? {} : { region: LOCATION_MESSAGES.countryFirst };
  const country = findCountry(code);
  if (!country) return { country: LOCATION_MESSAGES.country };
  if (country.regions.length === 0) return region === null ? {} : { region: LOCATION_MESSAGES.noRegions };
  if (region === null) return { region: LOCATION_MESSAGES.region };
  return country.regions.some((option) => option.code === region) ? {} : { region: LOCATION_MESSAGES.regionOfCountry };
}

/** Where someone is, as codes of the reference data; either may be unset. */
export interface LocationInput {
  country: string | null;
  region: string | null;
}

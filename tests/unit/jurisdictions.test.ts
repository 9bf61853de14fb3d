import { describe, expect, it } from 'vitest';
import { isIsoDate } from '@/lib/platform/clock';
import { JURISDICTIONS, LAST_REVIEWED, RECORDING_RULES, type Jurisdiction } from '@/lib/jurisdictions/reference-data';
import { EU_MEMBER_STATES, LOCATION_MESSAGES, listJurisdictions, locationErrors } from '@/lib/jurisdictions/regions';
import { locationSchema } from '@/lib/jurisdictions/schemas';
import { DISCLAIMER, HEARTH_PRACTICE, findJurisdiction, recordingGuidance, type Channel, type Place } from '@/lib/jurisdictions/rules';

// ISO 3166-2 codes of the 50 US states and DC.
const US_CODES = `AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA
  RI SC SD TN TX UT VT VA WA WV WI WY`
  .split(/\s+/)
  .map((state) => `US-${state}`);
const AU_CODES = ['AU-NSW', 'AU-VIC', 'AU-QLD', 'AU-WA', 'AU-SA', 'AU-TAS', 'AU-ACT', 'AU-NT'];
const CHANNELS: Channel[] = ['in_person', 'telehealth'];

const row = (code: string) => JURISDICTIONS.find((candidate) => candidate.code === code)!;
const ruleFor = (jurisdiction: Jurisdiction, channel: Channel) => (channel === 'in_person' ? jurisdiction.inPerson : jurisdiction.telehealth);
// The place a row stands for, as a practice or client would give it.
const placeOf = (code: string): Place => (code.includes('-') ? { country: code.split('-')[0], region: code } : { country: code === 'EU' ? 'FR' : code, region: null });

// Known fixed points to combine with: Texas is one-party and Florida all-party on both channels.
const ONE_PARTY: Place = { country: 'US', region: 'US-TX' };
const ALL_PARTY: Place = { country: 'US', region: 'US-FL' };

describe('the recording-law reference table', () => {
  it('has a valid rule for both channels, a summary, sources and a review date on every row', () => {
    for (const jurisdiction of JURISDICTIONS) {
      expect(RECORDING_RULES, jurisdiction.code).toContain(jurisdiction.inPerson);
      expect(RECORDING_RULES, jurisdiction.code).toContain(jurisdiction.telehealth);
      expect(jurisdiction.name.trim(), jurisdiction.code).not.toBe('');
      expect(jurisdiction.summary.trim().length, jurisdiction.code).toBeGreaterThan(20);
      expect(jurisdiction.sources.length, jurisdiction.code).toBeGreaterThan(0);
      for (const source of jurisdiction.sources) expect(source.trim(), jurisdiction.code).not.toBe('');
      expect(isIsoDate(jurisdiction.lastReviewed), jurisdiction.code).toBe(true);
    }
    expect(isIsoDate(LAST_REVIEWED)).toBe(true);
  });

  it('explains every contested rule, and only contested rows carry such a note', () => {
    for (const jurisdiction of JURISDICTIONS) {
      const contested = jurisdiction.inPerson === 'contested' || jurisdiction.telehealth === 'contested';
      expect(Boolean(jurisdiction.contested?.trim()), jurisdiction.code).toBe(contested);
    }
  });

  it('has each code once, including all 50 US states and DC', () => {
    const codes = JURISDICTIONS.map((jurisdiction) => jurisdiction.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes.filter((code) => code.startsWith('US-')).sort()).toEqual([...US_CODES].sort());
    expect(US_CODES).toHaveLength(51);
  });

  it('covers the EU, Ireland, the UK, Canada and every Australian state and territory', () => {
    for (const code of ['EU', 'IE', 'GB', 'CA', ...AU_CODES]) expect(row(code), code).toBeDefined();
    expect(JURISDICTIONS.filter((jurisdiction) => jurisdiction.code.startsWith('AU-')).map((jurisdiction) => jurisdiction.code).sort()).toEqual([...AU_CODES].sort());
  });

  it('cites the federal floor on every US row', () => {
    for (const code of US_CODES) expect(row(code).sources, code).toContain('18 U.S.C. § 2511(2)(d)');
  });

  it('splits Connecticut, Nevada and Oregon by channel', () => {
    expect(row('US-CT')).toMatchObject({ inPerson: 'one-party', telehealth: 'all-party' });
    expect(row('US-NV')).toMatchObject({ inPerson: 'one-party', telehealth: 'all-party' });
    expect(row('US-OR')).toMatchObject({ inPerson: 'all-party', telehealth: 'one-party' });
  });

  it('marks Michigan, Delaware and Vermont as contested', () => {
    for (const code of ['US-MI', 'US-DE', 'US-VT']) expect(row(code), code).toMatchObject({ inPerson: 'contested', telehealth: 'contested' });
  });

  it('has the all-party states as all-party on both channels', () => {
    for (const code of ['US-CA', 'US-FL', 'US-IL', 'US-MD', 'US-MA', 'US-MT', 'US-NH', 'US-PA', 'US-WA']) {
      expect(row(code), code).toMatchObject({ inPerson: 'all-party', telehealth: 'all-party' });
    }
  });

  it('follows the Australian statutes: all-party states, and participant recording where the law allows it', () => {
    for (const code of ['AU-NSW', 'AU-WA', 'AU-SA', 'AU-TAS', 'AU-ACT']) expect(row(code).inPerson, code).toBe('all-party');
    for (const code of ['AU-VIC', 'AU-QLD', 'AU-NT']) expect(row(code).inPerson, code).toBe('one-party');
    for (const code of AU_CODES) {
      expect(row(code).telehealth, code).not.toBe('one-party');
      expect(row(code).sources, code).toContain('Telecommunications (Interception and Access) Act 1979 (Cth) s. 7');
    }
  });

  it('grounds Ireland in the GDPR articles and the Irish Acts', () => {
    expect(row('IE').sources).toEqual(
      expect.arrayContaining([
        'GDPR Art. 9(2)(a)',
        'GDPR Art. 7(3)',
        'GDPR Arts. 5, 13 and 32',
        'Data Protection Act 2018 (Ireland)',
        'Interception of Postal Packets and Telecommunications Messages (Regulation) Act 1993',
      ]),
    );
  });
});

describe('recordingGuidance for every row', () => {
  describe.each(JURISDICTIONS.map((jurisdiction) => [jurisdiction.code, jurisdiction] as const))('%s', (code, jurisdiction) => {
    const place = placeOf(code);

    it.each(CHANNELS)('alone, %s: follows the row, with contested counting as all-party', (channel) => {
      const rule = ruleFor(jurisdiction, channel);
      const guidance = recordingGuidance({ practice: place, client: place, channel });
      expect(guidance.jurisdictions).toEqual([jurisdiction]);
      expect(guidance.requirement).toBe(rule === 'one-party' ? 'one-party' : 'all-party');
      expect(guidance.contested).toBe(rule === 'contested');
      expect(guidance.sources).toEqual([...jurisdiction.sources]);
      expect(guidance.lastReviewed).toBe(jurisdiction.lastReviewed);
      expect(guidance.whatTheLawAsks[0]).toBe(`${jurisdiction.name}: ${jurisdiction.summary}`);
      expect(guidance.notes).toEqual([]);
    });

    it.each(CHANNELS)('with a one-party place, %s: the stricter rule wins, whichever end it is at', (channel) => {
      const rule = ruleFor(jurisdiction, channel);
      for (const guidance of [
        recordingGuidance({ practice: place, client: ONE_PARTY, channel }),
        recordingGuidance({ practice: ONE_PARTY, client: place, channel }),
      ]) {
        expect(guidance.requirement).toBe(rule === 'one-party' ? 'one-party' : 'all-party');
        expect(guidance.contested).toBe(rule === 'contested');
        expect(guidance.jurisdictions).toContain(jurisdiction);
      }
    });

    it.each(CHANNELS)('with an all-party place, %s: all-party', (channel) => {
      const guidance = recordingGuidance({ practice: place, client: ALL_PARTY, channel });
      expect(guidance.requirement).toBe('all-party');
      expect(guidance.sources).toEqual(expect.arrayContaining([...jurisdiction.sources, 'Fla. Stat. § 934.03(2)(d)']));
    });
  });
});

describe('recordingGuidance combinations', () => {
  it('uses each end’s own channel rule: a Connecticut client in person with a Texas practice is one-party, by telehealth all-party', () => {
    const practice = ONE_PARTY;
    const client = { country: 'US', region: 'US-CT' };
    expect(recordingGuidance({ practice, client, channel: 'in_person' }).requirement).toBe('one-party');
    const telehealth = recordingGuidance({ practice, client, channel: 'telehealth' });
    expect(telehealth).toMatchObject({ requirement: 'all-party', contested: false });
    expect(telehealth.whoMustConsent).toMatch(/^Everyone taking part/);
    expect(telehealth.sources).toEqual(expect.arrayContaining(['Conn. Gen. Stat. § 52-570d', 'Tex. Penal Code § 16.02(c)(4)']));
  });

  it('lists a shared row once and each source once', () => {
    const guidance = recordingGuidance({ practice: { country: 'US', region: 'US-NY' }, client: { country: 'US', region: 'US-NJ' }, channel: 'telehealth' });
    expect(guidance.jurisdictions.map((jurisdiction) => jurisdiction.code)).toEqual(['US-NY', 'US-NJ']);
    expect(guidance.sources.filter((source) => source === '18 U.S.C. § 2511(2)(d)')).toHaveLength(1);
    expect(guidance.whoMustConsent).toMatch(/^At least one person/);
  });

  it('falls back from an EU member state to the EU row, but uses Ireland’s own row', () => {
    expect(findJurisdiction({ country: 'DE', region: null })?.code).toBe('EU');
    expect(findJurisdiction({ country: 'IE', region: null })?.code).toBe('IE');
    const guidance = recordingGuidance({ practice: { country: 'IE', region: null }, client: { country: 'FR', region: null }, channel: 'telehealth' });
    expect(guidance.jurisdictions.map((jurisdiction) => jurisdiction.code)).toEqual(['IE', 'EU']);
    expect(guidance.whatTheLawAsks).toEqual(expect.arrayContaining([expect.stringContaining('Art. 7(3)')]));
  });

  it('uses a region only with its own country, and the country row where regions do not matter', () => {
    expect(findJurisdiction({ country: 'GB', region: 'US-CA' })?.code).toBe('GB');
    expect(findJurisdiction({ country: 'CA', region: 'CA-QC' })?.code).toBe('CA');
    expect(findJurisdiction({ country: 'US', region: 'AU-NSW' })).toBeUndefined();
  });

  it('treats a place with no rule as all-party and says so', () => {
    for (const channel of CHANNELS) {
      const guidance = recordingGuidance({ practice: ONE_PARTY, client: { country: 'NZ', region: null }, channel });
      expect(guidance).toMatchObject({ requirement: 'all-party', contested: false });
      expect(guidance.jurisdictions.map((jurisdiction) => jurisdiction.code)).toEqual(['US-TX']);
      expect(guidance.notes).toEqual(['We have no rule for the client’s location (NZ), so Hearth treats it as needing everyone’s consent.']);
    }
  });

  it('treats a country whose rules differ by region, given without one, as all-party', () => {
    const guidance = recordingGuidance({ practice: { country: 'US', region: null }, client: ONE_PARTY, channel: 'in_person' });
    expect(guidance.requirement).toBe('all-party');
    expect(guidance.notes).toEqual(['We do not know which state, province or territory of United States the practice is in, so Hearth treats it as needing everyone’s consent.']);
  });

  it('uses the practice’s location alone when the client’s is unknown, and says so', () => {
    const guidance = recordingGuidance({ practice: ONE_PARTY, client: { country: null, region: null }, channel: 'telehealth' });
    expect(guidance).toMatchObject({ requirement: 'one-party', contested: false });
    expect(guidance.jurisdictions.map((jurisdiction) => jurisdiction.code)).toEqual(['US-TX']);
    expect(guidance.notes).toEqual([
      'We do not know where the client is, so only the practice’s location is used. Ask the client where they will be during the session.',
    ]);
  });

  it('treats an unset practice location as all-party', () => {
    const guidance = recordingGuidance({ practice: { country: null, region: null }, client: ONE_PARTY, channel: 'in_person' });
    expect(guidance.requirement).toBe('all-party');
    expect(guidance.jurisdictions.map((jurisdiction) => jurisdiction.code)).toEqual(['US-TX']);
    expect(guidance.notes).toEqual(['The practice’s location is not set, so Hearth treats it as needing everyone’s consent.']);
    const nowhere = recordingGuidance({ practice: { country: undefined, region: undefined }, client: { country: undefined, region: undefined }, channel: 'telehealth' });
    expect(nowhere).toMatchObject({ requirement: 'all-party', jurisdictions: [], sources: [], lastReviewed: LAST_REVIEWED });
    expect(nowhere.notes).toHaveLength(2);
  });

  it('always carries the disclaimer and Hearth’s own practice', () => {
    const guidance = recordingGuidance({ practice: ONE_PARTY, client: ONE_PARTY, channel: 'in_person' });
    expect(guidance.disclaimer).toBe(DISCLAIMER);
    expect(DISCLAIMER.startsWith('This is general guidance, not legal advice')).toBe(true);
    expect(guidance.hearthPractice).toBe(HEARTH_PRACTICE);
    expect(HEARTH_PRACTICE).toBe('Hearth always asks every person in the session to consent, whatever the law’s minimum.');
  });
});

describe('location choices and validation', () => {
  it('offers every country with a row or covered by the EU row, with regions where the law differs', () => {
    const countries = listJurisdictions();
    const codes = countries.map((country) => country.code);
    expect(codes).toEqual(expect.arrayContaining(['US', 'CA', 'GB', 'AU', ...Object.keys(EU_MEMBER_STATES)]));
    expect(codes).toHaveLength(4 + Object.keys(EU_MEMBER_STATES).length);
    const regionsOf = (code: string) => countries.find((country) => country.code === code)!.regions.map((region) => region.code).sort();
    expect(regionsOf('US')).toEqual([...US_CODES].sort());
    expect(regionsOf('AU')).toEqual([...AU_CODES].sort());
    for (const code of ['CA', 'GB', 'IE', 'FR']) expect(regionsOf(code), code).toEqual([]);
    // Every choice leads to a row.
    for (const country of countries) {
      if (country.regions.length === 0) expect(findJurisdiction({ country: country.code, region: null }), country.code).toBeDefined();
      for (const region of country.regions) expect(findJurisdiction({ country: country.code, region: region.code })?.code).toBe(region.code);
    }
  });

  it('accepts a country with its region, or a country without regions', () => {
    expect(locationErrors({ country: 'US', region: 'US-OR' })).toEqual({});
    expect(locationErrors({ country: 'IE', region: null })).toEqual({});
    expect(locationErrors({ country: null, region: null })).toEqual({});
  });

  it('refuses an unknown country, a missing region, another country’s region and a region where there are none', () => {
    expect(locationErrors({ country: 'ZZ', region: null })).toEqual({ country: LOCATION_MESSAGES.country });
    expect(locationErrors({ country: 'US', region: null })).toEqual({ region: LOCATION_MESSAGES.region });
    expect(locationErrors({ country: 'US', region: 'AU-NSW' })).toEqual({ region: LOCATION_MESSAGES.regionOfCountry });
    expect(locationErrors({ country: 'GB', region: 'US-CA' })).toEqual({ region: LOCATION_MESSAGES.noRegions });
    expect(locationErrors({ country: null, region: 'US-CA' })).toEqual({ region: LOCATION_MESSAGES.countryFirst });
  });

  it('requires a country in the location form and reads empty choices as not given', () => {
    expect(locationSchema.parse({ country: ' AU ', region: 'AU-VIC' })).toEqual({ country: 'AU', region: 'AU-VIC' });
    expect(locationSchema.parse({ country: 'GB', region: '' })).toEqual({ country: 'GB', region: null });
    const refused = locationSchema.safeParse({ country: '' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['country', LOCATION_MESSAGES.country]]);
  });
});

import { JURISDICTIONS, LAST_REVIEWED, type Jurisdiction, type RecordingRule } from './reference-data';
import { EU_MEMBER_STATES, findCountry } from './regions';

/**
 * Whose consent the law asks for before a session is recorded, given where the practice and the client are.
 * Pure: safe to import from client and server code.
 */

export { listJurisdictions } from './regions';

export type Channel = 'in_person' | 'telehealth';

export interface Place {
  country: string | null | undefined;
  region: string | null | undefined;
}

export interface RecordingGuidance {
  requirement: 'all-party' | 'one-party';
  /** True when a rule that applies is unsettled; the requirement is then all-party. */
  contested: boolean;
  /** The reference rows the answer rests on. */
  jurisdictions: Jurisdiction[];
  whoMustConsent: string;
  whatTheLawAsks: string[];
  /** What the answer could not take into account: an unknown place, a client whose location is not set. */
  notes: string[];
  sources: string[];
  lastReviewed: string;
  disclaimer: string;
  hearthPractice: string;
}

export const DISCLAIMER =
  'This is general guidance, not legal advice. Laws change and their application depends on the facts; if in doubt, ask a lawyer where you practise.';
export const HEARTH_PRACTICE = 'Hearth always asks every person in the session to consent, whatever the law’s minimum.';

const WHO_MUST_CONSENT = {
  'all-party': 'Everyone taking part: the client, the therapist and anyone else in the room or on the call.',
  'one-party': 'At least one person taking part in the conversation, such as the therapist or the client.',
} as const;

const BY_CODE = new Map(JURISDICTIONS.map((row) => [row.code, row]));

/** The row for a place: its region's if it has one, else its country's, else the EU's for a member state. */
export function findJurisdiction(place: Place): Jurisdiction | undefined {
  const { country, region } = place;
  if (!country) return undefined;
  const regionRow = region?.startsWith(`${country}-`) ? BY_CODE.get(region) : undefined;
  return regionRow ?? BY_CODE.get(country) ?? (country in EU_MEMBER_STATES ? BY_CODE.get('EU') : undefined);
}

function unknownPlaceNote(whose: 'practice' | 'client', place: Place): string {
  const country = findCountry(place.country);
  const treated = 'so Hearth treats it as needing everyone’s consent.';
  if (!place.country) return `The practice’s location is not set, ${treated}`;
  if (country && country.regions.length > 0) {
    return `We do not know which state, province or territory of ${country.name} the ${whose} is in, ${treated}`;
  }
  return `We have no rule for the ${whose}’s location (${country?.name ?? place.country}), ${treated}`;
}

function ruleFor(row: Jurisdiction, channel: Channel): RecordingRule {
  return channel === 'in_person' ? row.inPerson : row.telehealth;
}

/**
 * Both ends of a session count, for in-person and telehealth sessions alike, and the stricter rule wins: all-party over
 * one-party, with a contested rule or a place we have no rule for counting as all-party. A client whose location is not
 * set is left out, and the answer says so.
 */
export function recordingGuidance(input: { practice: Place; client: Place; channel: Channel }): RecordingGuidance {
  const { practice, client, channel } = input;
  const notes: string[] = [];
  const places: { whose: 'practice' | 'client'; place: Place }[] = [{ whose: 'practice', place: practice }];
  if (client.country) places.push({ whose: 'client', place: client });
  else notes.push('We do not know where the client is, so only the practice’s location is used. Ask the client where they will be during the session.');

  const rows: Jurisdiction[] = [];
  let unknown = false;
  for (const { whose, place } of places) {
    const row = findJurisdiction(place);
    if (!row) {
      unknown = true;
      notes.push(unknownPlaceNote(whose, place));
    } else if (!rows.includes(row)) rows.push(row);
  }

  const rules = rows.map((row) => ruleFor(row, channel));
  const contested = rules.includes('contested');
  const requirement = unknown || contested || rules.includes('all-party') ? 'all-party' : 'one-party';
  const whatTheLawAsks = rows.flatMap((row) => [
    `${row.name}: ${row.summary}`,
    ...(ruleFor(row, channel) === 'contested' && row.contested ? [`${row.name}: ${row.contested}`] : []),
    ...(row.duties ?? []),
  ]);

  return {
    requirement,
    contested,
    jurisdictions: rows,
    whoMustConsent: WHO_MUST_CONSENT[requirement],
    whatTheLawAsks,
    notes,
    sources: [...new Set(rows.flatMap((row) => row.sources))],
    lastReviewed: rows.map((row) => row.lastReviewed).sort()[0] ?? LAST_REVIEWED,
    disclaimer: DISCLAIMER,
    hearthPractice: HEARTH_PRACTICE,
  };
}

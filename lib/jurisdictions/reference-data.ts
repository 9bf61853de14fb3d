/**
 * Who must consent before a private conversation — a therapy session — may be recorded, place by place.
 *
 * This is reference data kept in the repository, not in the database: nothing in Hearth writes it at run time and there
 * is no screen or action that edits it. A change to it is a code change, reviewed like any other, and must update
 * `lastReviewed` on each row it touches (tests/unit/jurisdictions.test.ts checks the whole table).
 *
 * Rows were reviewed against the cited statutes and cases by the Hearth team; they are not legal advice. Where courts
 * or sources disagree, a rule is 'contested' with a note rather than a guess, and the guidance treats it as all-party.
 *
 * Codes: ISO 3166-2 for places whose law differs within a country ('US-CA', 'AU-NSW'), ISO 3166-1 alpha-2 otherwise
 * ('IE', 'GB', 'CA'), and 'EU' for the rules every EU member state shares (the GDPR).
 */

/** Who must agree: one person taking part, everyone taking part, or unsettled (treated as everyone). */
export type RecordingRule = 'one-party' | 'all-party' | 'contested';

export const RECORDING_RULES = ['one-party', 'all-party', 'contested'] as const satisfies readonly RecordingRule[];

export interface Jurisdiction {
  code: string;
  name: string;
  /** Recording a conversation where everyone is in the same room. */
  inPerson: RecordingRule;
  /** Recording a video or telephone session. */
  telehealth: RecordingRule;
  /** What the law says, in plain language. */
  summary: string;
  /** Why the rule is unsettled, on rows where a channel is 'contested'. */
  contested?: string;
  /** What else the law asks of a practice that records, beyond consent to the recording itself. */
  duties?: readonly string[];
  /** Statute sections or cases the row rests on. */
  sources: readonly string[];
  /** The date the row was last checked against its sources (YYYY-MM-DD). */
  lastReviewed: string;
}

export const LAST_REVIEWED = '2026-11-27';
export const REVIEW_NOTE = 'Reviewed against the cited statutes by the Hearth team; not legal advice.';

// Federal wiretap law lets one party consent; every state applies at least this floor, some ask more.
const US_FEDERAL_FLOOR = '18 U.S.C. § 2511(2)(d)';
const ONE_PARTY_SUMMARY = 'Anyone taking part in a conversation may record it without the others agreeing.';
const ALL_PARTY_SUMMARY = 'Everyone taking part in a private conversation must agree before it is recorded.';

type Row = Omit<Jurisdiction, 'lastReviewed'>;

const reviewed = (row: Row): Jurisdiction => ({ ...row, lastReviewed: LAST_REVIEWED });

function usOneParty(code: string, name: string, sources: string[], summary = ONE_PARTY_SUMMARY): Row {
  return { code, name, inPerson: 'one-party', telehealth: 'one-party', summary, sources: [...sources, US_FEDERAL_FLOOR] };
}

function usAllParty(code: string, name: string, sources: string[], summary = ALL_PARTY_SUMMARY): Row {
  return { code, name, inPerson: 'all-party', telehealth: 'all-party', summary, sources: [...sources, US_FEDERAL_FLOOR] };
}

const US: Row[] = [
  usOneParty('US-AL', 'Alabama', ['Ala. Code § 13A-11-30', 'Ala. Code § 13A-11-31']),
  usOneParty('US-AK', 'Alaska', ['Alaska Stat. § 42.20.310']),
  usOneParty('US-AZ', 'Arizona', ['Ariz. Rev. Stat. § 13-3005', 'Ariz. Rev. Stat. § 13-3012(9)']),
  usOneParty('US-AR', 'Arkansas', ['Ark. Code Ann. § 5-60-120']),
  usAllParty(
    'US-CA',
    'California',
    ['Cal. Penal Code § 632', 'Cal. Penal Code § 632.7', 'Kearney v. Salomon Smith Barney, Inc., 39 Cal. 4th 95 (2006)'],
    'Everyone in a confidential conversation, in person or by phone, must agree before it is recorded.',
  ),
  usOneParty('US-CO', 'Colorado', ['Colo. Rev. Stat. § 18-9-303', 'Colo. Rev. Stat. § 18-9-304']),
  {
    code: 'US-CT',
    name: 'Connecticut',
    inPerson: 'one-party',
    telehealth: 'all-party',
    summary:
      'In person, one person taking part may record. A telephone conversation may be recorded only with everyone’s consent (or a clear warning at the start); otherwise the recorder can be sued.',
    sources: ['Conn. Gen. Stat. § 53a-187', 'Conn. Gen. Stat. § 53a-189', 'Conn. Gen. Stat. § 52-570d', US_FEDERAL_FLOOR],
  },
  {
    code: 'US-DE',
    name: 'Delaware',
    inPerson: 'contested',
    telehealth: 'contested',
    summary: 'Delaware’s wiretap law lets one person taking part record, but its privacy law appears to require everyone’s consent.',
    contested:
      'The wiretap statute (11 Del. C. § 2402(c)(4)) allows one-party consent; the privacy statute (11 Del. C. § 1335(a)(4)) makes recording a private conversation without the consent of all parties an offence. Courts have not settled how the two fit together.',
    sources: ['11 Del. C. § 2402(c)(4)', '11 Del. C. § 1335(a)(4)', US_FEDERAL_FLOOR],
  },
  usOneParty('US-DC', 'District of Columbia', ['D.C. Code § 23-542(b)(3)']),
  usAllParty('US-FL', 'Florida', ['Fla. Stat. § 934.03(2)(d)']),
  {
    code: 'US-GA',
    name: 'Georgia',
    inPerson: 'contested',
    telehealth: 'contested',
    summary:
      'One person taking part may make an audio recording, but recording people on video in a private place needs the consent of everyone observed.',
    contested:
      'Audio needs one party (O.C.G.A. § 16-11-66(a)); video of activities in a private place out of public view needs all persons observed (O.C.G.A. § 16-11-62(2)). Which applies depends on whether the session is filmed, so Hearth does not assume audio only.',
    sources: ['O.C.G.A. § 16-11-62', 'O.C.G.A. § 16-11-66(a)', US_FEDERAL_FLOOR],
  },
  usOneParty('US-HI', 'Hawaii', ['Haw. Rev. Stat. § 803-42(b)(3)', 'Haw. Rev. Stat. § 711-1111'],
    'Anyone taking part in a conversation may record it, but a hidden recording device may not be installed in a private place without the consent of the people there.'),
  usOneParty('US-ID', 'Idaho', ['Idaho Code § 18-6702(2)(d)']),
  usAllParty(
    'US-IL',
    'Illinois',
    ['720 ILCS 5/14-2(a)', 'Public Act 98-1142 (2014)'],
    'Since the 2014 amendment, everyone in a private conversation must agree before it is secretly recorded.',
  ),
  usOneParty('US-IN', 'Indiana', ['Ind. Code § 35-31.5-2-176']),
  usOneParty('US-IA', 'Iowa', ['Iowa Code § 727.8', 'Iowa Code § 808B.2(2)(c)']),
  usOneParty('US-KS', 'Kansas', ['Kan. Stat. Ann. § 21-6101(a)(1)']),
  usOneParty('US-KY', 'Kentucky', ['Ky. Rev. Stat. § 526.010', 'Ky. Rev. Stat. § 526.020']),
  usOneParty('US-LA', 'Louisiana', ['La. Rev. Stat. § 15:1303(C)(4)']),
  usOneParty('US-ME', 'Maine', ['Me. Rev. Stat. tit. 15, § 709', 'Me. Rev. Stat. tit. 15, § 710']),
  usAllParty('US-MD', 'Maryland', ['Md. Code, Cts. & Jud. Proc. § 10-402(c)(3)']),
  usAllParty(
    'US-MA',
    'Massachusetts',
    ['Mass. Gen. Laws ch. 272, § 99', 'Commonwealth v. Hyde, 434 Mass. 594 (2001)'],
    'Recording a conversation secretly is a crime: everyone must know about and agree to the recording.',
  ),
  {
    code: 'US-MI',
    name: 'Michigan',
    inPerson: 'contested',
    telehealth: 'contested',
    summary: 'The eavesdropping statute speaks of the consent of all parties, but a court has read it as letting a participant record.',
    contested:
      'MCL 750.539c forbids recording a private discourse without the consent of all parties; Sullivan v. Gray, 117 Mich. App. 476 (1982), held that it does not reach a participant recording their own conversation. Later courts have not all followed it.',
    sources: ['Mich. Comp. Laws § 750.539a', 'Mich. Comp. Laws § 750.539c', 'Sullivan v. Gray, 117 Mich. App. 476 (1982)', US_FEDERAL_FLOOR],
  },
  usOneParty('US-MN', 'Minnesota', ['Minn. Stat. § 626A.02, subd. 2(d)']),
  usOneParty('US-MS', 'Mississippi', ['Miss. Code Ann. § 41-29-531']),
  usOneParty('US-MO', 'Missouri', ['Mo. Rev. Stat. § 542.402.2(3)']),
  usAllParty('US-MT', 'Montana', ['Mont. Code Ann. § 45-8-213(1)(c)']),
  usOneParty('US-NE', 'Nebraska', ['Neb. Rev. Stat. § 86-290(2)(c)']),
  {
    code: 'US-NV',
    name: 'Nevada',
    inPerson: 'one-party',
    telehealth: 'all-party',
    summary:
      'In person, one person taking part may record. Recording a telephone call needs everyone’s consent, as the Nevada Supreme Court reads the wiretap statute.',
    sources: ['Nev. Rev. Stat. § 200.650', 'Nev. Rev. Stat. § 200.620', 'Lane v. Allstate Ins. Co., 969 P.2d 938 (Nev. 1998)', US_FEDERAL_FLOOR],
  },
  usAllParty('US-NH', 'New Hampshire', ['N.H. Rev. Stat. § 570-A:2']),
  usOneParty('US-NJ', 'New Jersey', ['N.J. Stat. Ann. § 2A:156A-4(d)']),
  usOneParty('US-NM', 'New Mexico', ['N.M. Stat. Ann. § 30-12-1']),
  usOneParty('US-NY', 'New York', ['N.Y. Penal Law § 250.00', 'N.Y. Penal Law § 250.05']),
  usOneParty('US-NC', 'North Carolina', ['N.C. Gen. Stat. § 15A-287(a)']),
  usOneParty('US-ND', 'North Dakota', ['N.D. Cent. Code § 12.1-15-02(3)(c)']),
  usOneParty('US-OH', 'Ohio', ['Ohio Rev. Code § 2933.52(B)(4)']),
  usOneParty('US-OK', 'Oklahoma', ['Okla. Stat. tit. 13, § 176.4(5)']),
  {
    code: 'US-OR',
    name: 'Oregon',
    inPerson: 'all-party',
    telehealth: 'one-party',
    summary:
      'Everyone in a face-to-face conversation must be told it is being recorded. A telephone or other telecommunication may be recorded by one person taking part.',
    sources: ['Or. Rev. Stat. § 165.540(1)(c)', 'Or. Rev. Stat. § 165.540(1)(a)', US_FEDERAL_FLOOR],
  },
  usAllParty('US-PA', 'Pennsylvania', ['18 Pa. Cons. Stat. § 5703', '18 Pa. Cons. Stat. § 5704(4)']),
  usOneParty('US-RI', 'Rhode Island', ['R.I. Gen. Laws § 11-35-21(c)(3)']),
  usOneParty('US-SC', 'South Carolina', ['S.C. Code Ann. § 17-30-30(C)']),
  usOneParty('US-SD', 'South Dakota', ['S.D. Codified Laws § 23A-35A-20']),
  usOneParty('US-TN', 'Tennessee', ['Tenn. Code Ann. § 39-13-601(b)(5)']),
  usOneParty('US-TX', 'Texas', ['Tex. Penal Code § 16.02(c)(4)', 'Tex. Civ. Prac. & Rem. Code § 123.001']),
  usOneParty('US-UT', 'Utah', ['Utah Code § 77-23a-4(7)(b)']),
  {
    code: 'US-VT',
    name: 'Vermont',
    inPerson: 'contested',
    telehealth: 'contested',
    summary: 'Vermont has no statute on recording conversations; the only guidance comes from a court case about the police.',
    contested:
      'With no statute, State v. Geraw, 795 A.2d 1219 (Vt. 2002), held that secretly recording a conversation in a person’s home intruded on a reasonable expectation of privacy under the Vermont Constitution. How far that reaches private recordings is unsettled.',
    sources: ['State v. Geraw, 795 A.2d 1219 (Vt. 2002)', 'Vt. Const. ch. I, art. 11', US_FEDERAL_FLOOR],
  },
  usOneParty('US-VA', 'Virginia', ['Va. Code Ann. § 19.2-62(B)(2)']),
  usAllParty(
    'US-WA',
    'Washington',
    ['Wash. Rev. Code § 9.73.030'],
    'Everyone in a private conversation or call must agree; a recorded announcement that the conversation is being recorded counts as consent.',
  ),
  usOneParty('US-WV', 'West Virginia', ['W. Va. Code § 62-1D-3']),
  usOneParty('US-WI', 'Wisconsin', ['Wis. Stat. § 968.31(2)(c)']),
  usOneParty('US-WY', 'Wyoming', ['Wyo. Stat. Ann. § 7-3-702']),
];

const GDPR_DUTIES = [
  'Ask for explicit consent to record, separately from consent to therapy (GDPR Art. 9(2)(a)).',
  'Let anyone withdraw consent at any time, as easily as they gave it, and stop recording when they do (GDPR Art. 7(3)).',
  'Tell people why the recording is made, who sees it and how long it is kept (GDPR Art. 13).',
  'Keep recordings only as long as needed and protect them with appropriate security (GDPR Arts. 5 and 32).',
];

const EUROPE: Row[] = [
  {
    code: 'EU',
    name: 'European Union',
    inPerson: 'all-party',
    telehealth: 'all-party',
    summary:
      'A recording of a therapy session is health data under the GDPR. A practice may record only with the explicit consent of each person recorded. Member states’ own laws on recording conversations add to this.',
    duties: GDPR_DUTIES,
    sources: ['Regulation (EU) 2016/679 (GDPR) Art. 9(2)(a)', 'GDPR Art. 7(3)', 'GDPR Arts. 5, 13 and 32'],
  },
  {
    code: 'IE',
    name: 'Ireland',
    inPerson: 'all-party',
    telehealth: 'all-party',
    summary:
      'Recording a session is processing special-category health data: the practice needs each person’s explicit consent, which they can withdraw. Intercepting a telephone call without consent is also an offence.',
    duties: GDPR_DUTIES,
    sources: [
      'GDPR Art. 9(2)(a)',
      'GDPR Art. 7(3)',
      'GDPR Arts. 5, 13 and 32',
      'Data Protection Act 2018 (Ireland)',
      'Interception of Postal Packets and Telecommunications Messages (Regulation) Act 1993',
    ],
  },
  {
    code: 'GB',
    name: 'United Kingdom',
    inPerson: 'all-party',
    telehealth: 'all-party',
    summary:
      'A session recording is health data under the UK GDPR: the practice needs a lawful basis and a condition for special-category data, which for an optional recording means each person’s explicit consent. Intercepting a call in transmission is a separate offence.',
    duties: [
      'Ask for explicit consent to record and let people withdraw it (UK GDPR Arts. 7 and 9(2)(a)).',
      'Tell people why the recording is made, who sees it and how long it is kept, and keep it secure (UK GDPR Arts. 5, 13 and 32).',
    ],
    sources: ['UK GDPR Arts. 6, 7 and 9(2)(a)', 'Data Protection Act 2018, Sch. 1', 'Regulation of Investigatory Powers Act 2000', 'Investigatory Powers Act 2016, s. 3'],
  },
];

const CANADA: Row[] = [
  {
    code: 'CA',
    name: 'Canada',
    inPerson: 'one-party',
    telehealth: 'one-party',
    summary:
      'Under the Criminal Code, one person taking part may record a private conversation or call. Privacy law still applies to a practice that keeps the recording.',
    duties: [
      'A practice collecting personal information in a recording needs the client’s knowledge and consent under PIPEDA, or under the provincial health-privacy law where one applies (for example Ontario’s PHIPA).',
      'In Quebec, Law 25 and the Civil Code (arts. 35–36) add duties: say why the recording is made, get consent for that purpose, and protect it.',
    ],
    sources: ['Criminal Code, R.S.C. 1985, c. C-46, s. 184(2)(a)', 'PIPEDA, S.C. 2000, c. 5, Sch. 1, Principle 4.3', 'Quebec Law 25 (S.Q. 2021, c. 25)'],
  },
];

// Recording a call across Australia's telecommunications system is governed federally.
const AU_TELEPHONE = 'Telecommunications (Interception and Access) Act 1979 (Cth) s. 7';
const AU_PRIVACY_DUTY =
  'A recording holds health information: under the Privacy Act 1988 (Cth) a practice may collect it only with the person’s consent (APP 3.3).';
const AU_PARTICIPANT_TELEHEALTH =
  'The state law lets a participant record, but whether a participant recording a call is an interception under the Telecommunications (Interception and Access) Act 1979 is debated; recording a call generally needs the other person’s knowledge.';

function auAllParty(code: string, name: string, act: string, summary: string): Row {
  return { code, name, inPerson: 'all-party', telehealth: 'all-party', summary, duties: [AU_PRIVACY_DUTY], sources: [act, AU_TELEPHONE, 'Privacy Act 1988 (Cth) APP 3.3'] };
}

function auParticipant(code: string, name: string, act: string, summary: string): Row {
  return {
    code,
    name,
    inPerson: 'one-party',
    telehealth: 'contested',
    summary,
    contested: AU_PARTICIPANT_TELEHEALTH,
    duties: [AU_PRIVACY_DUTY],
    sources: [act, AU_TELEPHONE, 'Privacy Act 1988 (Cth) APP 3.3'],
  };
}

const AUSTRALIA: Row[] = [
  auAllParty(
    'AU-NSW',
    'New South Wales',
    'Surveillance Devices Act 2007 (NSW) s. 7',
    'Everyone in a private conversation must consent, with narrow exceptions (for example, recording to protect a participant’s lawful interests).',
  ),
  auParticipant(
    'AU-VIC',
    'Victoria',
    'Surveillance Devices Act 1999 (Vic) ss. 6 and 11',
    'A person taking part may record a private conversation, but may not share or publish the recording without everyone’s consent.',
  ),
  auParticipant('AU-QLD', 'Queensland', 'Invasion of Privacy Act 1971 (Qld) ss. 43 and 45', 'A person taking part may record a private conversation; publishing it is restricted.'),
  auAllParty(
    'AU-WA',
    'Western Australia',
    'Surveillance Devices Act 1998 (WA) s. 5',
    'Everyone in a private conversation must consent, with narrow exceptions (for example, recording to protect a participant’s lawful interests).',
  ),
  auAllParty(
    'AU-SA',
    'South Australia',
    'Surveillance Devices Act 2016 (SA) s. 4',
    'Everyone in a private conversation must consent, with narrow exceptions (for example, recording to protect a participant’s lawful interests).',
  ),
  auAllParty('AU-TAS', 'Tasmania', 'Listening Devices Act 1991 (Tas) s. 5', 'Everyone in a private conversation must consent before it is recorded.'),
  auAllParty('AU-ACT', 'Australian Capital Territory', 'Listening Devices Act 1992 (ACT) s. 4', 'Everyone in a private conversation must consent before it is recorded.'),
  auParticipant('AU-NT', 'Northern Territory', 'Surveillance Devices Act 2007 (NT) s. 11', 'A person taking part may record a private conversation; publishing it is restricted.'),
];

export const JURISDICTIONS: readonly Jurisdiction[] = [...US, ...EUROPE, ...CANADA, ...AUSTRALIA].map(reviewed);

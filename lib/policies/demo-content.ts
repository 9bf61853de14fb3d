import type { PolicyKind } from './model';

/**
 * Plain-language demo policies for a small therapy practice, each in two versions so the demo
 * shows history and comparison. Shared sections keep the versions honest about what changed.
 */

export interface DemoPolicyVersion {
  title: string;
  body: string;
  changeSummary: string;
  /** How many days before the seeding day the version took effect. */
  effectiveDaysAgo: number;
}

interface PracticeDetails {
  name: string;
  contactEmail: string;
}

const sections = (...parts: string[]) => parts.map((part) => part.trim()).join('\n\n') + '\n';

function recordingPolicy({ name, contactEmail }: PracticeDetails): [DemoPolicyVersion, DemoPolicyVersion] {
  const intro = `
Some clients find it helpful to listen back to a session. This policy explains when ${name} allows a session to be recorded, how it is done, and what happens to the recording.`;
  const consent = `
## Everyone has to agree

A therapy session is private for everyone in it. A session is recorded only when **you and your therapist both agree in writing, before the session starts**. If anyone else joins (for example a partner or parent), they must agree too. Recording a session without everyone's consent is not allowed and, in many places, is against the law.

Your therapist may say no to recording, for example when it could get in the way of the work you are doing together. Saying no to recording never affects your care.`;
  const methods = `
## How a session can be recorded

- **Uploaded through Hearth:** you record on your own device and upload the file to your Hearth portal.
- **Kept on your own device:** you record and keep the file yourself. You are then responsible for keeping it safe.
- **Recorded by your therapist:** only where the practice allows it, and only with the same written agreement.`;
  const storageV1 = `
## Where recordings are kept and who can see them

Recordings uploaded to Hearth are stored encrypted. Only you and your therapist can open them. Practice staff cannot listen to them, and we never share them with anyone else without your written permission, except where the law requires it (see our confidentiality policy).

We keep uploaded recordings for **6 months**, then delete them.`;
  const storageV2 = `
## Where recordings are kept and who can see them

Recordings uploaded to Hearth are stored encrypted. Only you and your therapist can open them. Practice staff cannot listen to them, and we never share them with anyone else without your written permission, except where the law requires it (see our confidentiality policy). Every time a recording is opened, Hearth keeps a record of who opened it and when.

## How long recordings are kept

Uploaded recordings are deleted automatically **90 days** after the session, or sooner if you ask. Once deleted, a recording cannot be recovered. Your therapist's clinical notes are separate and are kept as the law requires.`;
  const withdrawalV1 = `
## Changing your mind

You can withdraw your consent by telling your therapist. Recordings already made are then deleted.`;
  const withdrawalV2 = `
## Changing your mind

You can withdraw your consent **at any time**, before, during or after a session, without giving a reason. Tell your therapist or use the recording page in your portal. Recording stops straight away, and any recordings we hold are deleted within 7 days. Your therapist can withdraw too.`;
  const alternatives = `
## Alternatives to recording

If recording is not right for you, other things can help you remember a session:

- a short written summary from your therapist of the main points and anything to practise;
- keeping a journal straight after each session;
- agreeing together on one or two key points to write down before the session ends.`;
  const contact = `
## Questions

Ask your therapist, or write to ${contactEmail}.`;
  return [
    {
      title: 'Recording sessions',
      body: sections(intro, consent, methods, storageV1, withdrawalV1, contact),
      changeSummary: 'First version.',
      effectiveDaysAgo: 200,
    },
    {
      title: 'Recording sessions',
      body: sections(intro, consent, methods, storageV2, withdrawalV2, alternatives, contact),
      changeSummary:
        'Recordings are now deleted after 90 days instead of 6 months. You can withdraw consent at any time from your portal, and we list alternatives to recording.',
      effectiveDaysAgo: 14,
    },
  ];
}

function confidentialityPolicy({ name, contactEmail }: PracticeDetails): [DemoPolicyVersion, DemoPolicyVersion] {
  const intro = `
What you say in therapy stays between you and your therapist. This is the heart of how ${name} works. There are a few exceptions, set by law and professional ethics, and we want you to know them before you start.`;
  const whoSees = `
## Who can see your information

Your therapist keeps notes of your sessions. Other staff see only what they need to run the practice, such as appointment times and invoices. Your therapist may discuss your work in clinical supervision, without your name or anything that identifies you. We share information with someone else, such as your doctor, only when you ask us to in writing.`;
  const limitsV1 = `
## When we may have to share information without your consent

- **Serious risk of harm to yourself:** if we believe you are at serious and immediate risk of ending your life or seriously harming yourself.
- **Serious risk of harm to someone else:** if you tell us you intend to seriously harm another person.
- **Child abuse:** if we learn that a child is being abused or neglected, or is at risk of it, we must report it.
- **Court orders:** if a court orders us to produce records or give evidence.`;
  const limitsV2 = `
## When we may have to share information without your consent

- **Serious risk of harm to yourself:** if we believe you are at serious and immediate risk of ending your life or seriously harming yourself.
- **Serious risk of harm to someone else:** if you tell us you intend to seriously harm an identifiable person.
- **Abuse of a child:** if we learn that a child is being abused or neglected, or is at risk of it, we must report it to child protection services.
- **Abuse of an older or vulnerable adult:** if we learn that an older person or an adult who cannot protect themselves is being abused, neglected or exploited, we must report it to adult protection services.
- **Court orders and the law:** if a court orders us to produce records or give evidence, or another law requires us to share specific information.`;
  const whatWeDo = `
## What your therapist does in these situations

- Wherever it is safe, your therapist **talks with you first** and explains what they need to do and why.
- They share **only what is needed**, only with the people who need it (for example emergency services or a protection agency).
- They note in your record what was shared, with whom and why, and you can ask to see that note.
- When a court asks for records, we tell you (unless the court forbids it) and ask to share as little as the order allows.`;
  const contact = `
## Questions

If anything here worries you, talk it through with your therapist before you share something, or write to ${contactEmail}.`;
  return [
    {
      title: 'Confidentiality and its limits',
      body: sections(intro, whoSees, limitsV1, contact),
      changeSummary: 'First version.',
      effectiveDaysAgo: 200,
    },
    {
      title: 'Confidentiality and its limits',
      body: sections(intro, whoSees, limitsV2, whatWeDo, contact),
      changeSummary:
        'Added abuse of older and vulnerable adults to the situations we must report, and explained what your therapist does before sharing anything.',
      effectiveDaysAgo: 14,
    },
  ];
}

function privacyNotice({ name, contactEmail }: PracticeDetails): [DemoPolicyVersion, DemoPolicyVersion] {
  const intro = `
This notice explains what personal information ${name} keeps about you, why, and the choices and rights you have.`;
  const whatData = `
## What we keep

- **Contact details:** your name, email address and phone number.
- **Appointments and payments:** session times, invoices and payments.
- **Clinical records:** your therapist's session notes, forms you complete and, if you choose, session recordings.
- **Portal activity:** when you sign in and what you acknowledge, to keep your account secure.`;
  const whyV1 = `
## Why we keep it

We use your information to provide therapy, arrange appointments, take payment and meet our legal duties. We do not sell your information or use it for advertising.`;
  const whyV2 = `
## Why we keep it, and our legal basis

- **To provide your care:** we need your information to deliver the therapy you asked for. Health information is handled under the rules for health and social care, and under your explicit consent where that is required (such as for recordings).
- **To run the practice:** appointments and payments are part of our agreement with you.
- **To meet legal duties:** for example keeping clinical records for the time the law sets, and the limits of confidentiality.

We do not sell your information or use it for advertising.`;
  const processorsV1 = `
## Who else handles it

A small number of trusted companies help us run the practice, such as our payment provider. They act only on our instructions.`;
  const processorsV2 = `
## Who else handles it

These companies process information for us, only on our instructions and under written agreements:

- our **hosting provider**, which runs the Hearth portal and stores its data encrypted;
- our **email provider**, which sends appointment reminders and sign-in emails (never clinical details);
- our **payment provider**, which handles card payments (we never see your full card number).`;
  const retentionV1 = `
## How long we keep it

We keep clinical records for as long as the law requires after therapy ends.`;
  const retentionV2 = `
## How long we keep it

- Clinical records: **8 years** after your last session (for a child, until they turn 25 if that is later), as professional rules require.
- Payment records: **7 years**, for tax law.
- Session recordings: as set out in our recording policy, at most 90 days.
- Portal sign-in records: **1 year**.`;
  const rightsV1 = `
## Your rights

You can ask to see the information we hold about you and to correct anything that is wrong.`;
  const rightsV2 = `
## Your rights

Depending on where you live, laws such as the GDPR (in the EU and UK) and HIPAA (in the US) give you rights over your information. You can ask us to:

- **give you a copy** of the information we hold about you (access);
- **correct** anything that is wrong or incomplete;
- **delete** information we no longer need to keep (erasure). Some records, such as clinical notes, must be kept for the periods above;
- **send your information** to you or another provider in a common digital format (portability);
- **limit or object** to how we use it.

We answer within one month and there is no charge. If you are unhappy with how we handle your information, you can complain to your data protection authority or health privacy regulator.`;
  const contact = `
## Contact

Write to our privacy lead at ${contactEmail}.`;
  return [
    {
      title: 'Privacy notice',
      body: sections(intro, whatData, whyV1, processorsV1, retentionV1, rightsV1, contact),
      changeSummary: 'First version.',
      effectiveDaysAgo: 200,
    },
    {
      title: 'Privacy notice',
      body: sections(intro, whatData, whyV2, processorsV2, retentionV2, rightsV2, contact),
      changeSummary:
        'We now name the companies that handle your information, give exact retention periods, and list all your rights, including erasure and getting a copy of your data to take elsewhere.',
      effectiveDaysAgo: 14,
    },
  ];
}

/** Each policy's demo versions, oldest first. */
export function demoPolicies(practice: PracticeDetails): Record<PolicyKind, [DemoPolicyVersion, DemoPolicyVersion]> {
  return {
    recording: recordingPolicy(practice),
    confidentiality: confidentialityPolicy(practice),
    privacy: privacyNotice(practice),
  };
}

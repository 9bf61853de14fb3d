import Link from 'next/link';
import { formatPolicyDate, type RecordingPolicyStatus } from '@/lib/policies/model';
import { PolicyMarkdown } from '@/lib/policies/components/markdown-view';
import { routes } from '@/lib/routes';
import { Card } from '@/lib/ui/app-shell';
import type { RecordingOverviewData as Overview } from '../data';
import { allowedMethods, type RecordingMethod, type RecordingTerms } from '../model';

const link = 'font-medium text-hearth-700 underline underline-offset-2 [overflow-wrap:anywhere]';

function methodInWords(method: RecordingMethod, terms: RecordingTerms): string {
  switch (method) {
    case 'methodClientUpload':
      return `You record the session and upload it to Hearth (up to ${terms.maxUploadMb} MB).`;
    case 'methodClientDevice':
      return 'You record the session and keep it on your own device, encrypted.';
    case 'methodTherapistRecords':
      return 'Your therapist records the session.';
  }
}

const WHO_ASKS: Record<RecordingTerms['requestOpeners'], string> = {
  client: 'You can ask for a session to be recorded.',
  therapist: 'Your therapist is the one who suggests recording here, though you are always welcome to bring it up.',
  both: 'Either you or your therapist can suggest recording a session.',
};

function WhatIsAllowed({ terms }: { terms: RecordingTerms }) {
  if (terms.allowed === 'never') {
    return (
      <Card title="Recording is not offered here">
        <p className="text-stone-700">
          Your practice does not record therapy sessions, and sessions here cannot be recorded. If you would like to hold on to what you talk about, the
          ideas below can help just as much.
        </p>
      </Card>
    );
  }
  return (
    <Card title="What your practice allows">
      <p className="text-stone-700">
        {terms.allowed === 'yes'
          ? 'Your practice allows sessions to be recorded, as long as everyone in the session agrees first.'
          : 'Your practice records a session only when someone asks and everyone in the session agrees.'}
      </p>
      <h3 className="mt-4 font-medium text-stone-900">How a recording can be made</h3>
      <ul className="mt-1 list-disc space-y-1 pl-5 text-stone-700">
        {allowedMethods(terms).map((method) => (
          <li key={method}>{methodInWords(method, terms)}</li>
        ))}
      </ul>
      <p className="mt-4 text-stone-700">Recordings are kept for no longer than {terms.maxRetentionDays} days, then deleted.</p>
      <p className="mt-2 text-stone-700">{WHO_ASKS[terms.requestOpeners]}</p>
    </Card>
  );
}

function Policy({ policy }: { policy: RecordingPolicyStatus }) {
  if (!('version' in policy)) {
    return (
      <Card title="Your practice’s recording policy">
        <p className="text-stone-700">Your practice has not published a recording policy yet.</p>
      </Card>
    );
  }
  const { version } = policy;
  return (
    <Card title="Your practice’s recording policy">
      <p className="text-sm text-stone-600">
        Version {version.version}, in effect since {formatPolicyDate(version.effectiveOn)}
      </p>
      <p className={`mt-2 text-sm font-medium ${policy.acknowledged ? 'text-hearth-800' : 'text-amber-800'}`}>
        {policy.acknowledged ? 'You have read and acknowledged this version.' : 'You have not acknowledged this version yet.'}
      </p>
      <div className="mt-4 min-w-0 overflow-x-auto rounded-lg bg-stone-50 p-4 ring-1 ring-stone-200">
        <h3 className="mb-2 font-semibold text-stone-900">{version.title}</h3>
        <PolicyMarkdown source={version.body} />
      </div>
    </Card>
  );
}

function TheLaw({ guidance }: { guidance: Overview['guidance'] }) {
  if (!guidance) {
    return (
      <Card title="The law where you are">
        <p className="text-stone-700">
          The rules on recording depend on where you are, and we don’t know that yet.{' '}
          <Link href={routes.account} className={link}>
            Set your location on your account page
          </Link>{' '}
          and this page will show what applies to you.
        </p>
      </Card>
    );
  }
  return (
    <Card title="The law where you are">
      <div className="space-y-6">
        {guidance.map(({ channel, label, guidance: rule }) => (
          <section key={channel} aria-labelledby={`law-${channel}`} className="space-y-2">
            <h3 id={`law-${channel}`} className="font-semibold text-stone-900">
              {label}
            </h3>
            {rule.jurisdictions.length > 0 && <p className="text-sm text-stone-600">{rule.jurisdictions.map((place) => place.name).join(' and ')}</p>}
            <p className="text-stone-700">
              <span className="font-medium">Who must agree: </span>
              {rule.whoMustConsent}
            </p>
            {rule.contested && <p className="text-stone-700">The law here is not settled, so Hearth treats it as needing everyone’s agreement.</p>}
            <ul className="list-disc space-y-1 pl-5 text-stone-700">
              {[...rule.whatTheLawAsks, ...rule.notes].map((line, index) => (
                <li key={index}>{line}</li>
              ))}
            </ul>
            <details className="text-sm text-stone-600">
              <summary className="cursor-pointer font-medium text-stone-700">Sources (last reviewed {formatPolicyDate(rule.lastReviewed)})</summary>
              <ul className="mt-1 list-disc space-y-1 pl-5">
                {rule.sources.map((source) => (
                  <li key={source} className="[overflow-wrap:anywhere]">
                    {source}
                  </li>
                ))}
              </ul>
            </details>
          </section>
        ))}
        <p className="rounded-lg bg-hearth-50 px-3 py-2 text-stone-800 ring-1 ring-hearth-100">{guidance[0].guidance.hearthPractice}</p>
        <p className="text-sm text-stone-600">{guidance[0].guidance.disclaimer}</p>
      </div>
    </Card>
  );
}

function Alternatives({ prominent }: { prominent: boolean }) {
  return (
    <section
      aria-labelledby="alternatives"
      className={`rounded-xl p-5 shadow-sm ${prominent ? 'bg-hearth-50 ring-2 ring-hearth-200' : 'bg-white ring-1 ring-stone-200'}`}
    >
      <h2 id="alternatives" className="mb-3 text-lg font-semibold text-stone-900">
        Other ways to keep hold of a session
      </h2>
      <div className="space-y-4 text-stone-700">
        <div>
          <h3 className="font-medium text-stone-900">A summary from your therapist</h3>
          <p>
            You can ask your therapist for a short written summary of what you covered: the main ideas, anything you agreed to try, and what you might
            pick up next time.
          </p>
        </div>
        <div>
          <h3 className="font-medium text-stone-900">Journaling</h3>
          <p>
            Writing a few lines soon after a session, in your own words, can help it settle: what stood out, how you felt, and one thing you want to
            remember. There is no right way to do it, and it is only for you.
          </p>
        </div>
      </div>
    </section>
  );
}

function HowToAsk({ terms, policy }: { terms: RecordingTerms; policy: RecordingPolicyStatus }) {
  const next = !('version' in policy) ? (
    <p>Your practice needs to publish its recording policy before a recording can be arranged. You can still talk it over with your therapist.</p>
  ) : !policy.acknowledged ? (
    <p>
      Before asking, please read the recording policy and acknowledge it.{' '}
      <Link href={routes.portalPolicies} className={link}>
        Read and acknowledge the recording policy
      </Link>
    </p>
  ) : terms.requestOpeners === 'therapist' ? (
    <p>At your practice, your therapist opens recording requests. If you would like a session recorded, let them know at your next session.</p>
  ) : (
    <p>
      You can bring it up with your therapist at your next session, or{' '}
      <Link href={routes.portalRecordingNew} className={link}>
        start the conversation online
      </Link>
      .
    </p>
  );
  return (
    <Card title="How to ask for a recording">
      <ol className="list-decimal space-y-2 pl-5 text-stone-700">
        <li>You and your therapist talk it through: why you would like it, how it will be made, and where it is kept.</li>
        <li>Everyone in the session signs an agreement. Nothing is recorded before then.</li>
        <li>Either of you can withdraw at any time, and recording stops.</li>
      </ol>
      <div className="mt-4 font-medium text-stone-800">{next}</div>
    </Card>
  );
}

/** The client's recording page: what the practice allows, its policy, the law, the alternatives and how to ask. */
export function RecordingOverview({ terms, policy, guidance }: Overview) {
  if (terms.allowed === 'never') {
    return (
      <div className="space-y-6">
        <WhatIsAllowed terms={terms} />
        <Alternatives prominent />
        <Policy policy={policy} />
      </div>
    );
  }
  return (
    <div className="space-y-6">
      <WhatIsAllowed terms={terms} />
      <Policy policy={policy} />
      <TheLaw guidance={guidance} />
      <Alternatives prominent={false} />
      <HowToAsk terms={terms} policy={policy} />
    </div>
  );
}

import Link from 'next/link';
import { SCRIPT_SECTION_LABELS, pauseMarker, type ScriptPart, type ScriptSection } from '../model';

/**
 * The episode's words as text beside the audio, section by section, with its pauses marked. The therapist's words are
 * shown as typed (React escapes them). The reflection links to a new journal entry.
 */
export function TranscriptView({ sections, journalHref }: { sections: { section: ScriptSection; parts: ScriptPart[] }[]; journalHref: string }) {
  return (
    <div className="space-y-5">
      {sections.map(({ section, parts }, index) => (
        <section key={index} className="space-y-2">
          <h3 className="font-semibold text-stone-900">{SCRIPT_SECTION_LABELS[section]}</h3>
          {parts.map((part, partIndex) =>
            part.kind === 'say' ? (
              <p key={partIndex} className="whitespace-pre-line break-words text-stone-800">
                {part.text}
              </p>
            ) : (
              <p key={partIndex} className="text-sm text-stone-500">
                {pauseMarker(part.seconds)}
              </p>
            ),
          )}
          {section === 'reflection' && (
            <p>
              <Link href={journalHref} className="font-medium text-hearth-700 underline underline-offset-2">
                Start a journal entry from this
              </Link>
            </p>
          )}
        </section>
      ))}
    </div>
  );
}

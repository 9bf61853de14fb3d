import { POLICY_PROSE_CLASSES, renderPolicyMarkdown } from '../markdown';

/** A policy rendered for reading. The HTML comes only from the locked-down renderer in ../markdown. */
export function PolicyMarkdown({ source }: { source: string }) {
  return <div className={POLICY_PROSE_CLASSES} dangerouslySetInnerHTML={{ __html: renderPolicyMarkdown(source) }} />;
}

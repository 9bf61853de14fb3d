import type { PolicyKind, PolicyVersion } from '@/db/schema';
import { dateFormat } from '@/lib/platform/clock';

export type { PolicyKind, PolicyVersion };

export const POLICY_KINDS = ['recording', 'confidentiality', 'privacy'] as const satisfies readonly PolicyKind[];

export const POLICY_KIND_LABELS: Record<PolicyKind, string> = {
  recording: 'Recording policy',
  confidentiality: 'Confidentiality and its limits',
  privacy: 'Privacy notice',
};

export const isPolicyKind = (value: string): value is PolicyKind => (POLICY_KINDS as readonly string[]).includes(value);

/** Lengths shared by the server's checks and the editor's inputs. */
export const TITLE_MAX = 200;
export const BODY_MAX = 100_000;
export const SUMMARY_MAX = 500;

/** A calendar date (YYYY-MM-DD) as people read it, e.g. "1 Mar 2026". */
export function formatPolicyDate(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return dateFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' }).format(new Date(Date.UTC(year, month - 1, day)));
}

/** Enough of a SHA-256 to tell versions apart at a glance; the full hash goes alongside. */
export const shortHash = (sha256: string) => sha256.slice(0, 12);

export interface PendingAcknowledgement {
  version: PolicyVersion;
  /** What to compare against: the version this person last acknowledged, else the one before. */
  baseline: PolicyVersion | null;
  baselineIsLastAcknowledged: boolean;
}

export type RecordingPolicyStatus =
  | { acknowledged: true; version: PolicyVersion }
  | { acknowledged: false; reason: 'no-recording-policy' }
  | { acknowledged: false; reason: 'not-acknowledged'; version: PolicyVersion };

export interface ClientPolicyStatus {
  kind: PolicyKind;
  inForce: { version: number; effectiveOn: string } | null;
  acknowledgedAt: Date | null;
  /** Earlier versions this client acknowledged, newest first. */
  earlier: { version: number; acknowledgedAt: Date }[];
}

export interface PolicySummary {
  kind: PolicyKind;
  inForce: { version: number; effectiveOn: string } | null;
  acknowledgedCount: number;
  clientCount: number;
  /** Active clients not on the version in force, with the latest version each did acknowledge. */
  outstanding: { id: string; name: string; lastAcknowledgedVersion: number | null }[];
}

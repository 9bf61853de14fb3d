import type { PolicyKind } from '@/db/schema';

export type { PolicyKind };

export const POLICY_KINDS = ['recording', 'confidentiality', 'privacy'] as const satisfies readonly PolicyKind[];

export const POLICY_KIND_LABELS: Record<PolicyKind, string> = {
  recording: 'Recording policy',
  confidentiality: 'Confidentiality and its limits',
  privacy: 'Privacy notice',
};

export const isPolicyKind = (value: string): value is PolicyKind => (POLICY_KINDS as readonly string[]).includes(value);

import { describe, expect, it } from 'vitest';
import { countChanges, diffPolicies } from '@/lib/policies/diff';

const policy = (body: string, title = 'Recording sessions') => ({ title, body });

describe('policy diff', () => {
  it('marks added and removed lines and keeps the rest as unchanged', () => {
    const lines = diffPolicies(policy('Intro\nKept 6 months.\nQuestions\n'), policy('Intro\nKept 90 days.\nWithdraw any time.\nQuestions\n'));
    expect(lines).toEqual([
      { kind: 'unchanged', text: 'Recording sessions' },
      { kind: 'unchanged', text: '' },
      { kind: 'unchanged', text: 'Intro' },
      { kind: 'removed', text: 'Kept 6 months.' },
      { kind: 'added', text: 'Kept 90 days.' },
      { kind: 'added', text: 'Withdraw any time.' },
      { kind: 'unchanged', text: 'Questions' },
    ]);
    expect(countChanges(lines)).toEqual({ added: 2, removed: 1 });
  });

  it('shows a changed title', () => {
    const lines = diffPolicies(policy('Same\n', 'Privacy'), policy('Same\n', 'Privacy notice'));
    expect(lines.filter((line) => line.kind !== 'unchanged')).toEqual([
      { kind: 'removed', text: 'Privacy' },
      { kind: 'added', text: 'Privacy notice' },
    ]);
  });

  it('reports no changes for identical versions', () => {
    expect(countChanges(diffPolicies(policy('A\nB\n'), policy('A\nB\n')))).toEqual({ added: 0, removed: 0 });
  });

  it('folds long unchanged stretches, keeping two lines of context around each change', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i + 1}`);
    const after = before.map((line) => (line === 'line 10' ? 'line ten' : line));
    const lines = diffPolicies(policy(before.join('\n')), policy(after.join('\n')));
    expect(lines).toEqual([
      // The title, the blank line after it, and lines 1 to 7.
      { kind: 'skipped', count: 9 },
      { kind: 'unchanged', text: 'line 8' },
      { kind: 'unchanged', text: 'line 9' },
      { kind: 'removed', text: 'line 10' },
      { kind: 'added', text: 'line ten' },
      { kind: 'unchanged', text: 'line 11' },
      { kind: 'unchanged', text: 'line 12' },
      { kind: 'skipped', count: 8 },
    ]);
  });
});

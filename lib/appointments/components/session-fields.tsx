'use client';

import type { ActionState } from '@/lib/actions/state';
import { SelectField, TextField } from '@/lib/ui/form';
import { CHANNELS, CHANNEL_LABELS, DURATION_MINUTES, type Channel } from '../model';

const CHANNEL_OPTIONS = CHANNELS.map((channel) => ({ value: channel, label: CHANNEL_LABELS[channel] }));

/** Date, start time, length and channel of a session: the add and the reschedule forms share them. */
export function SessionFields({
  state,
  defaults,
  window,
  timeZoneName,
}: {
  state: ActionState;
  defaults: { date: string; start: string; duration: number; channel: Channel };
  window: { earliest: string; latest: string };
  /** The practice's time zone, as people read it. */
  timeZoneName: string;
}) {
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <TextField label="Date" name="date" type="date" min={window.earliest} max={window.latest} defaultValue={defaults.date} state={state} required />
      <TextField
        label="Start time"
        name="start"
        type="time"
        step={60}
        hint={`Practice time (${timeZoneName}).`}
        defaultValue={defaults.start}
        state={state}
        required
      />
      <TextField
        label="Length in minutes"
        name="duration"
        type="number"
        inputMode="numeric"
        min={DURATION_MINUTES.min}
        max={DURATION_MINUTES.max}
        step={1}
        defaultValue={String(defaults.duration)}
        state={state}
        required
      />
      <SelectField label="Where" name="channel" options={CHANNEL_OPTIONS} defaultValue={defaults.channel} state={state} required />
    </div>
  );
}

'use client';

import Link from 'next/link';
import { useActionState, useId } from 'react';
import { initialActionState } from '@/lib/actions/state';
import { routes } from '@/lib/routes';
import { FieldError, FormMessage, SelectField, SubmitButton, TextField } from '@/lib/ui/form';
import { saveRemindersAction } from '../actions';
import { PRESET_TIME, WEEKDAY_LABELS, WEEKDAYS, type ReminderSettings } from '../model';

const BOX = 'mt-1 size-5 shrink-0 accent-hearth-700';
const GROUP = 'space-y-3 rounded-lg p-4 ring-1 ring-stone-200';

function Checkbox({ name, label, checked, describedBy }: { name: string; label: string; checked: boolean; describedBy?: string }) {
  return (
    <label className="flex min-h-11 items-start gap-3 text-stone-800">
      <input type="checkbox" name={name} defaultChecked={checked} aria-describedby={describedBy} className={BOX} />
      <span>{label}</span>
    </label>
  );
}

/**
 * The client's reminders: the evening after each session and/or a weekly schedule, in their time zone, and whether to
 * also get an email. A refused save keeps everything as typed and ticked; a saved one shows what was saved.
 */
export function ReminderSettingsForm({
  settings,
  timeZones,
  emailNotificationsOn,
}: {
  settings: ReminderSettings;
  timeZones: { value: string; label: string }[];
  emailNotificationsOn: boolean;
}) {
  const [state, action] = useActionState(saveRemindersAction, initialActionState);
  const id = useId();
  const typed = state.values && !state.ok ? state.values : null;
  const ticked = (name: string, saved: boolean) => (typed ? typed[name] === 'on' : saved);
  const daysError = state.errors?.weeklyDays;
  // A new key after each answer shows the current values: what was typed (refused) or what was saved.
  const formKey = JSON.stringify(typed ?? settings);
  return (
    <form action={action} className="space-y-5" noValidate>
      <FormMessage state={state} />
      <div key={formKey} className="space-y-5">
        <fieldset className={GROUP}>
          <legend className="px-1 font-semibold text-stone-900">The evening after each session</legend>
          <Checkbox name="afterSession" label="Remind me the evening after each session" checked={ticked('afterSession', settings.afterSessionTime !== null)} />
          <TextField
            label="Evening reminder time"
            name="afterSessionTime"
            hint="24-hour clock, like 19:00. After a session that ends later than this, the reminder comes the next evening."
            defaultValue={settings.afterSessionTime ?? PRESET_TIME}
            state={state}
            autoComplete="off"
            className="block min-h-11 w-32 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600"
          />
        </fieldset>

        <fieldset className={GROUP}>
          <legend className="px-1 font-semibold text-stone-900">Every week</legend>
          <Checkbox name="weekly" label="Remind me every week" checked={ticked('weekly', settings.weekly !== null)} />
          <fieldset aria-describedby={daysError?.length ? `${id}-days-error` : undefined}>
            <legend className="text-sm font-medium text-stone-800">Days of the week</legend>
            <div className="grid grid-cols-2 gap-x-4 sm:grid-cols-4">
              {WEEKDAYS.map((day) => (
                <Checkbox key={day} name={`day_${day}`} label={WEEKDAY_LABELS[day]} checked={ticked(`day_${day}`, settings.weekly?.days.includes(day) ?? false)} />
              ))}
            </div>
            <FieldError id={`${id}-days-error`} errors={daysError} />
          </fieldset>
          <TextField
            label="Weekly reminder time"
            name="weeklyTime"
            hint="24-hour clock, like 08:30."
            defaultValue={settings.weekly?.time ?? PRESET_TIME}
            state={state}
            autoComplete="off"
            className="block min-h-11 w-32 rounded-lg border border-stone-300 bg-white px-3 py-2 text-base shadow-sm aria-invalid:border-red-600"
          />
        </fieldset>

        <SelectField label="Your time zone" name="timeZone" hint="Reminders come at these times where you are." options={timeZones} defaultValue={settings.timeZone} state={state} />

        <div className="space-y-1">
          <Checkbox name="email" label="Also send me an email" checked={ticked('email', settings.email)} describedBy={`${id}-email-hint`} />
          <p id={`${id}-email-hint`} className="text-sm text-stone-600">
            The email only says there is something new in Hearth, never what it is about.{' '}
            {emailNotificationsOn ? (
              'Email notifications are on.'
            ) : (
              <>
                It also needs email notifications, which are off:{' '}
                <Link href={routes.accountNotifications} className="font-medium text-hearth-700 underline underline-offset-2">
                  turn them on in your notification settings
                </Link>
                .
              </>
            )}
          </p>
        </div>
      </div>
      <SubmitButton pendingText="Saving…">Save reminders</SubmitButton>
    </form>
  );
}

import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, messageOf } from './api.js';
import { field, Notice } from './ui.js';

/*
 * Forms of the drama and people screens: one state per form (busy, saved note, error), the API's
 * 4xx message shown next to the field it names, and instants shown in a given IANA zone.
 */

export interface FormState {
  busy: boolean;
  note: string;
  error: unknown;
  /** Runs `work`; shows `done` when it succeeds and the API's message when it fails. */
  run(work: () => Promise<unknown>, done?: string): Promise<boolean>;
}

export function useForm(): FormState {
  const [busy, setBusy] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(undefined);
  return {
    busy,
    note,
    error,
    run: async (work, done = 'Saved.') => {
      setBusy(true);
      setNote('');
      setError(undefined);
      try {
        await work();
        setNote(done);
        return true;
      } catch (e) {
        setError(e);
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}

/**
 * Whether the API named `name` as the faulty property. The schema names it inside its wrapper
 * ("show.slug", "part.slots.0.zone"), the services without ("slug", "slots.0.zone").
 */
function names(error: unknown, name: string): boolean {
  if (!(error instanceof ApiError) || error.property === undefined) return false;
  return error.property === name || error.property.endsWith(`.${name}`);
}

/** The attributes that tie an input to its error message. */
export function invalid(form: FormState, name: string, id: string) {
  return names(form.error, name)
    ? { 'aria-invalid': true as const, 'aria-describedby': `${id}-error` }
    : {};
}

/** A labelled field whose input gets the API's message about `name` right below it. */
export function FormField(props: {
  form: FormState;
  name: string;
  label: string;
  id: string;
  hint?: string;
  children: ComponentChildren;
}) {
  const { form, name, id } = props;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && (
        <p class="field__hint" id={`${id}-hint`}>
          {props.hint}
        </p>
      )}
      {names(form.error, name) && (
        <p class="field__error" id={`${id}-error`} role="alert">
          {messageOf(form.error)}
        </p>
      )}
    </div>
  );
}

/**
 * The form's status line: the saved note, or the error when no field of `fields` shows it.
 */
export function FormStatus({ form, fields = [] }: { form: FormState; fields?: string[] }) {
  if (form.error !== undefined) {
    if (fields.some((name) => names(form.error, name))) return null;
    return <Notice text={messageOf(form.error)} kind="error" />;
  }
  return <Notice text={form.note} />;
}

/** The staff member's own zone, from the browser. */
export function ownZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** "Sat 5 Dec 2026, 21:10" in `zone`. */
export function inZone(iso: string, zone: string): string {
  return new Date(iso).toLocaleString(undefined, {
    timeZone: zone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
}

/** The wall-clock time of `iso` in `zone` as a datetime-local value, "2026-12-05T21:10". */
export function wallClock(iso: string, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(iso))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

/** One entry per line, trimmed, without empty ones. */
export function lines(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** The trimmed text of a form field, or null when it is empty (an optional API field). */
export const orNull = (data: FormData, name: string) => {
  const text = field(data, name).trim();
  return text === '' ? null : text;
};

/** A labelled text input whose API error shows below it; `name` is the API's field name. */
export function TextField(props: {
  form: FormState;
  name: string;
  label: string;
  id: string;
  value: string | null;
  /** A date or time picker instead of plain text. */
  type?: 'date' | 'datetime-local';
  lang?: string;
  required?: boolean;
}) {
  const { form, name, id } = props;
  const attributes = {
    id,
    name,
    lang: props.lang,
    required: props.required,
    defaultValue: props.value ?? '',
    ...invalid(form, name, id),
  };
  return (
    <FormField form={form} name={name} label={props.label} id={id}>
      {props.type === undefined ? (
        <input {...attributes} />
      ) : (
        <input type={props.type} {...attributes} />
      )}
    </FormField>
  );
}

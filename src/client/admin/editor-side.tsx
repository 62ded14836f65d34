import { useEffect, useState } from 'preact/hooks';
import type { Article } from './types.js';
import { Field, when } from './ui.js';

/* The editor's publishing card: publish, schedule, unpublish, and a published article's date. */

export function localInput(iso: string | null): string {
  if (iso === null) return '';
  const date = new Date(iso);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

export function PublishingCard(props: {
  article: Article | undefined;
  when: string;
  onWhen: (value: string) => void;
  onSave: (extra: Record<string, unknown>, note: string) => void;
  onMessage: (text: string) => void;
}) {
  const status = props.article?.status ?? 'draft';
  return (
    <section class="card stack" aria-labelledby="pub-h">
      <h2 id="pub-h">Publishing</h2>
      {status !== 'published' && (
        <button type="button" onClick={() => props.onSave({ status: 'published' }, 'Published.')}>
          Publish now
        </button>
      )}
      <Field label="Go live at (your time)" id="schedule-at">
        <input
          id="schedule-at"
          type="datetime-local"
          value={props.when}
          onInput={(e) => props.onWhen(e.currentTarget.value)}
        />
      </Field>
      <button
        type="button"
        onClick={() => {
          if (props.when === '') {
            props.onMessage('Choose when it goes live.');
            return;
          }
          const at = new Date(props.when);
          props.onSave(
            { status: 'scheduled', published_at: at.toISOString() },
            // In the list's format, with the zone: the writer's clock, said so.
            `Scheduled for ${when(at.toISOString())} (${Intl.DateTimeFormat().resolvedOptions().timeZone} time).`,
          );
        }}
      >
        Schedule
      </button>
      {status === 'published' && props.article !== undefined && (
        <PublishedDate article={props.article} onSave={props.onSave} onMessage={props.onMessage} />
      )}
      {(status === 'published' || status === 'scheduled') && (
        <button
          type="button"
          class="danger"
          onClick={() =>
            props.onSave(
              { status: 'draft', published_at: null },
              'Unpublished: it is a draft again.',
            )
          }
        >
          Unpublish
        </button>
      )}
    </section>
  );
}

/**
 * A published article's date, which can be set back (an article moved over from elsewhere, a
 * correction of the record); a date to come is scheduling, which the server refuses here.
 */
function PublishedDate(props: {
  article: Article;
  onSave: (extra: Record<string, unknown>, note: string) => void;
  onMessage: (text: string) => void;
}) {
  const [value, setValue] = useState(localInput(props.article.published_at));
  useEffect(() => setValue(localInput(props.article.published_at)), [props.article.published_at]);
  return (
    <>
      <Field label="Published at (your time)" id="published-at">
        <input
          id="published-at"
          type="datetime-local"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
        />
      </Field>
      <button
        type="button"
        disabled={value === '' || value === localInput(props.article.published_at)}
        onClick={() => {
          const at = new Date(value);
          if (at.getTime() > Date.now()) {
            props.onMessage(
              'A published article cannot be dated in the future: schedule it instead.',
            );
            return;
          }
          props.onSave(
            { published_at: at.toISOString() },
            `Publication date changed to ${when(at.toISOString())}.`,
          );
        }}
      >
        Change the date
      </button>
    </>
  );
}

import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import { Field, field, Notice } from './ui.js';

/*
 * The comment policy on the Settings screen: word lists, links threshold, first-comment rule,
 * when comments close and how long a commenter may change their own.
 */

interface CommentSettings {
  comments_hold_first_time: boolean;
  comments_link_threshold: number;
  comments_moderation_words: string[];
  comments_block_words: string[];
  comments_min_seconds: number;
  comments_close_after_days: number;
  comments_edit_minutes: number;
}

/** One word or phrase a line. */
const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

export function CommentSettingsForm() {
  const [settings, setSettings] = useState<CommentSettings>();
  const [message, setMessage] = useState({ text: '', kind: 'info' as 'info' | 'error' });
  useEffect(() => {
    api<{ settings: CommentSettings }>('GET', '/settings/comments')
      .then((d) => setSettings(d.settings))
      .catch((e: unknown) => setMessage({ text: messageOf(e), kind: 'error' }));
  }, []);
  if (settings === undefined) return <Notice text={message.text} kind={message.kind} />;
  return (
    <form
      class="stack card"
      aria-labelledby="comment-settings-heading"
      onSubmit={(event) => {
        event.preventDefault();
        const form = new FormData(event.currentTarget);
        api<{ settings: CommentSettings }>('PATCH', '/settings/comments', {
          settings: {
            comments_hold_first_time: form.get('hold_first') !== null,
            comments_link_threshold: Number(field(form, 'link_threshold')),
            comments_min_seconds: Number(field(form, 'min_seconds')),
            comments_close_after_days: Number(field(form, 'close_after_days')),
            comments_edit_minutes: Number(field(form, 'edit_minutes')),
            comments_moderation_words: lines(field(form, 'moderation_words')),
            comments_block_words: lines(field(form, 'block_words')),
          },
        })
          .then((d) => {
            setSettings(d.settings);
            setMessage({ text: 'Comment settings saved.', kind: 'info' });
          })
          .catch((e: unknown) => setMessage({ text: messageOf(e), kind: 'error' }));
      }}
    >
      <h2 id="comment-settings-heading">Comments</h2>
      <label class="check">
        <input
          type="checkbox"
          name="hold_first"
          defaultChecked={settings.comments_hold_first_time}
        />{' '}
        Hold a commenter’s first comment until a moderator approves one
      </label>
      <Field
        label="Hold comments with this many links or more"
        id="link_threshold"
        hint="1 holds every comment with a link."
      >
        <input
          id="link_threshold"
          name="link_threshold"
          type="number"
          min={1}
          max={100}
          required
          defaultValue={String(settings.comments_link_threshold)}
          aria-describedby="link_threshold-hint"
        />
      </Field>
      <Field label="Hold a form sent back faster than (seconds)" id="min_seconds">
        <input
          id="min_seconds"
          name="min_seconds"
          type="number"
          min={0}
          max={600}
          required
          defaultValue={String(settings.comments_min_seconds)}
        />
      </Field>
      <Field
        label="Close comments this many days after publication"
        id="close_after_days"
        hint="0 keeps them open. An article's own switch still closes its comments at any time."
      >
        <input
          id="close_after_days"
          name="close_after_days"
          type="number"
          min={0}
          max={3650}
          required
          defaultValue={String(settings.comments_close_after_days)}
          aria-describedby="close_after_days-hint"
        />
      </Field>
      <Field
        label="A commenter may edit or delete their comment for (minutes)"
        id="edit_minutes"
        hint="From the browser they posted it from. 0: never."
      >
        <input
          id="edit_minutes"
          name="edit_minutes"
          type="number"
          min={0}
          max={10080}
          required
          defaultValue={String(settings.comments_edit_minutes)}
          aria-describedby="edit_minutes-hint"
        />
      </Field>
      <Field
        label="Moderation words (one a line): hold the comment"
        id="moderation_words"
        hint="Matched anywhere in the name, e-mail or comment, in any case."
      >
        <textarea
          id="moderation_words"
          name="moderation_words"
          rows={4}
          defaultValue={settings.comments_moderation_words.join('\n')}
          aria-describedby="moderation_words-hint"
        />
      </Field>
      <Field label="Block words (one a line): mark the comment as spam" id="block_words">
        <textarea
          id="block_words"
          name="block_words"
          rows={4}
          defaultValue={settings.comments_block_words.join('\n')}
        />
      </Field>
      <Notice text={message.text} kind={message.kind} />
      <button type="submit">Save comment settings</button>
    </form>
  );
}

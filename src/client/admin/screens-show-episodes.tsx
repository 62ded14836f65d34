import { useState } from 'preact/hooks';
import { ApiError, api, messageOf } from './api.js';
import { inZone, invalid, ownZone, useForm, wallClock } from './forms.js';
import type { Episode, Part, Preview } from './types-dramas.js';

/*
 * The episodes of a part: the preview of a generation, and the table where each episode is
 * edited in place. Times show in the broadcast's zone and in the staff member's own zone.
 */

const CHANGES = { new: 'new', moved: 'moved', kept: 'stays' } as const;

function label(e: { number: number | null }): string {
  return e.number === null ? 'Special' : `Episode ${e.number}`;
}

export function PreviewTable({ preview, caption }: { preview: Preview; caption: string }) {
  const mine = ownZone();
  return (
    <>
      <p role="status" data-testid="preview-summary">
        {preview.inserted} new, {preview.updated} moved, {preview.kept} unchanged, {preview.removed}{' '}
        removed.
      </p>
      <table class="list" data-testid="preview">
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Episode</th>
            <th scope="col">Broadcast time</th>
            <th scope="col">Your time ({mine})</th>
            <th scope="col">Change</th>
          </tr>
        </thead>
        <tbody>
          {preview.episodes.map((e, i) => (
            <tr key={e.id ?? `new-${i}`}>
              <th scope="row">{label(e)}</th>
              <td>
                {inZone(e.air_instant, e.zone)} ({e.zone})
              </td>
              <td>{inZone(e.air_instant, mine)}</td>
              <td>
                {CHANGES[e.change]}
                {e.is_edited && ' (edited by hand)'}
                {e.previous_air_instant !== null &&
                  ` from ${inZone(e.previous_air_instant, e.zone)}`}
              </td>
            </tr>
          ))}
          {preview.removed_episodes.map((e) => (
            <tr key={`removed-${e.id}`}>
              <th scope="row">{label(e)}</th>
              <td>{inZone(e.air_instant, 'UTC')} (UTC)</td>
              <td>{inZone(e.air_instant, mine)}</td>
              <td>removed</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function EpisodeRow({ episode, onChange }: { episode: Episode; onChange: () => Promise<void> }) {
  const id = `ep-${episode.id}`;
  const [air, setAir] = useState(wallClock(episode.air_instant, episode.zone));
  const [title, setTitle] = useState(episode.title ?? '');
  const [runtime, setRuntime] = useState(
    episode.runtime_minutes === null ? '' : String(episode.runtime_minutes),
  );
  const form = useForm();
  const name = label(episode);
  const save = () =>
    void form.run(async () => {
      const changed = air !== wallClock(episode.air_instant, episode.zone);
      await api('PATCH', `/episodes/${episode.id}`, {
        episode: {
          title: title.trim() === '' ? null : title,
          runtime_minutes: runtime.trim() === '' ? null : Number(runtime),
          // The wall-clock time is read in the episode's zone by the API.
          ...(changed && { air_instant: air, zone: episode.zone }),
        },
      });
      await onChange();
    }, `${name} saved.`);
  const remove = () => {
    if (!confirm(`Delete ${name}?`)) return;
    void form.run(async () => {
      await api('DELETE', `/episodes/${episode.id}`);
      await onChange();
    }, `${name} deleted.`);
  };
  const onKey = (event: KeyboardEvent) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      save();
    }
  };
  const error = form.error;
  return (
    <tr id={`episode-${episode.id}`}>
      <th scope="row">{name}</th>
      <td>
        <label class="visually-hidden" for={`${id}-air`}>
          Air time of {name} in {episode.zone}
        </label>
        <input
          id={`${id}-air`}
          type="datetime-local"
          value={air}
          required
          onInput={(e) => setAir(e.currentTarget.value)}
          onKeyDown={onKey}
          {...invalid(form, 'air_instant', id)}
        />
        <span class="hint"> {episode.zone}</span>
      </td>
      <td>{inZone(episode.air_instant, ownZone())}</td>
      <td>
        <label class="visually-hidden" for={`${id}-title`}>
          Title of {name}
        </label>
        <input
          id={`${id}-title`}
          value={title}
          maxLength={300}
          onInput={(e) => setTitle(e.currentTarget.value)}
          onKeyDown={onKey}
          {...invalid(form, 'title', id)}
        />
      </td>
      <td>
        <label class="visually-hidden" for={`${id}-runtime`}>
          Runtime of {name} in minutes
        </label>
        <input
          id={`${id}-runtime`}
          type="number"
          min={1}
          max={1440}
          class="narrow"
          value={runtime}
          onInput={(e) => setRuntime(e.currentTarget.value)}
          onKeyDown={onKey}
          {...invalid(form, 'runtime_minutes', id)}
        />
      </td>
      <td>
        <button type="button" class="small" onClick={save} disabled={form.busy}>
          Save {name.toLowerCase()}
        </button>{' '}
        <button type="button" class="small danger" onClick={remove} disabled={form.busy}>
          Delete {name.toLowerCase()}
        </button>
        {error !== undefined ? (
          <p class="field__error" id={`${id}-error`} role="alert">
            {messageOf(error)}
          </p>
        ) : (
          form.note !== '' && (
            <p class="hint" role="status">
              {form.note}
            </p>
          )
        )}
      </td>
    </tr>
  );
}

export function EpisodeTable({ part, onChange }: { part: Part; onChange: () => Promise<void> }) {
  const form = useForm();
  const addSpecial = () =>
    void form.run(async () => {
      const last = part.episodes[part.episodes.length - 1];
      const zone = part.broadcast_slots[0]?.zone ?? last?.zone;
      if (zone === undefined) {
        throw new ApiError(400, 'validation_failed', 'Add a broadcast slot first, for its zone.');
      }
      const at = last === undefined ? new Date().toISOString() : last.air_instant;
      await api('POST', '/episodes', {
        episode: { part_id: part.id, kind: 'special', air_instant: wallClock(at, zone), zone },
      });
      await onChange();
    }, 'Special added after the last episode; set its time and title.');
  return (
    <>
      {part.episodes.length === 0 ? (
        <p>No episodes yet: add broadcast slots, then generate them.</p>
      ) : (
        <table class="list" data-testid={`episodes-${part.number}`}>
          <caption class="visually-hidden">Episodes of part {part.number}</caption>
          <thead>
            <tr>
              <th scope="col">Episode</th>
              <th scope="col">Air time (broadcast zone)</th>
              <th scope="col">Your time ({ownZone()})</th>
              <th scope="col">Title</th>
              <th scope="col">Runtime (min)</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {part.episodes.map((e) => (
              <EpisodeRow key={`${e.id}-${e.air_instant}`} episode={e} onChange={onChange} />
            ))}
          </tbody>
        </table>
      )}
      <div class="toolbar">
        <button type="button" onClick={addSpecial} disabled={form.busy}>
          Add a special
        </button>
        {form.error !== undefined ? (
          <p class="field__error" role="alert">
            {messageOf(form.error)}
          </p>
        ) : (
          form.note !== '' && <p role="status">{form.note}</p>
        )}
      </div>
    </>
  );
}

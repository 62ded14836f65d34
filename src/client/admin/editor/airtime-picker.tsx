import { useEffect, useState } from 'preact/hooks';
import { api, messageOf } from '../api.js';
import type { Pagination } from '../types.js';
import type { ShowDetail, ShowRow } from '../types-dramas.js';
import { Field, Notice } from '../ui.js';

/*
 * The air-time block's picker: search a show by any of its titles (English, Hangul, aliases),
 * then choose one of all its episodes, part by part.
 */

export function AirTimePicker({
  onPick,
  onClose,
}: {
  onPick: (episodeId: number) => void;
  onClose: () => void;
}) {
  const [q, setQ] = useState('');
  const [shows, setShows] = useState<ShowRow[]>([]);
  const [show, setShow] = useState<ShowDetail>();
  const [error, setError] = useState('');

  useEffect(() => {
    if (q.trim() === '') {
      setShows([]);
      return;
    }
    const params = new URLSearchParams({ q: q.trim(), limit: '10' });
    let stale = false;
    api<{ shows: ShowRow[]; meta: { pagination: Pagination } }>('GET', `/shows?${params}`)
      .then((r) => {
        if (!stale) setShows(r.shows);
      })
      .catch((e: unknown) => setError(messageOf(e)));
    return () => {
      stale = true;
    };
  }, [q]);

  const choose = (id: number) =>
    void api<{ show: ShowDetail }>('GET', `/shows/${id}`)
      .then((r) => setShow(r.show))
      .catch((e: unknown) => setError(messageOf(e)));

  return (
    <section class="card stack editor-panel" aria-labelledby="airtime-h">
      <h2 id="airtime-h">Add an air time</h2>
      <Field label="Show (any title, in any script)" id="airtime-show">
        <input
          id="airtime-show"
          type="search"
          value={q}
          onInput={(e) => {
            setQ(e.currentTarget.value);
            setShow(undefined);
          }}
        />
      </Field>
      {show === undefined ? (
        <ul class="picker-results" aria-label="Shows">
          {shows.map((s) => (
            <li key={s.id}>
              <button type="button" class="link" onClick={() => choose(s.id)}>
                {s.title}
                {s.title_ko !== null && ` (${s.title_ko})`}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        show.parts.map((part) => (
          <div key={part.id}>
            <h3>
              {show.title}: {part.title}
            </h3>
            <ul class="picker-results" aria-label={`Episodes of ${part.title}`}>
              {part.episodes.map((ep) => (
                <li key={ep.id}>
                  <button
                    type="button"
                    class="link"
                    data-episode-id={ep.id}
                    onClick={() => onPick(ep.id)}
                  >
                    {ep.number === null ? (ep.title ?? 'Special') : `Episode ${ep.number}`} ·{' '}
                    {new Date(ep.air_instant).toLocaleString()}
                  </button>
                </li>
              ))}
            </ul>
          </div>
        ))
      )}
      <Notice text={error} kind="error" />
      <button type="button" class="small" onClick={onClose}>
        Close
      </button>
    </section>
  );
}

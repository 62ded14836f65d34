import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import {
  groupSuggestions,
  linkedEntities,
  linkerText,
  linkFirst,
  refKey,
  unlink,
  type Choice,
  type Detected,
  type EntityRef,
  type Suggestion,
} from './mentions.js';
import type { Block } from './types.js';
import { Notice } from './ui.js';

/*
 * The entity linker beside the editor: the names it finds in the whole body, one line per
 * entity. Accept makes the first occurrence a mention (saving turns mentions into the article's
 * links); Reject hides the entity for this article (saved with it); names the linker could not
 * attribute are listed to choose from. Nothing is linked without a click.
 */

/** Quiet time after the last keystroke before the text is checked again. */
const DEBOUNCE_MS = 600;

interface Props {
  body: Block[];
  rejected: EntityRef[];
  onBody: (body: Block[]) => void;
  onRejected: (rejected: EntityRef[]) => void;
}

const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

export function LinkerPanel({ body, rejected, onBody, onRejected }: Props) {
  const text = useMemo(() => linkerText(body), [body]);
  const linked = useMemo(() => linkedEntities(body), [body]);
  // What the article is already about helps the linker decide between namesakes.
  const context = useMemo(
    () => [...linked.values()].map(({ type, id }) => ({ type, id })),
    [linked],
  );
  const contextKey = [...linked.keys()].sort().join(',');
  const [found, setFound] = useState<{ text: string; mentions: Detected[] }>();
  const [error, setError] = useState('');
  const [note, setNote] = useState('');

  useEffect(() => {
    if (text.trim() === '') {
      setFound({ text, mentions: [] });
      return;
    }
    const abort = new AbortController();
    const timer = setTimeout(() => {
      api<{ mentions: Detected[] }>('POST', '/entities/detect', { text, context })
        .then((r) => {
          if (abort.signal.aborted) return;
          setFound({ text, mentions: r.mentions });
          setError('');
        })
        .catch((e: unknown) => {
          if (!abort.signal.aborted) setError(messageOf(e));
        });
    }, DEBOUNCE_MS);
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, [text, contextKey]);

  const rejectedKeys = new Set(rejected.map(refKey));
  // Offsets are only good for the text they were found in: wait for the new answer.
  const current = found !== undefined && found.text === text;
  const { suggestions, choices } = current
    ? groupSuggestions(text, found.mentions, rejectedKeys)
    : { suggestions: [], choices: [] };
  const names = new Map((found?.mentions ?? []).map((m) => [refKey(m), m.name]));
  const unlisted = current
    ? [...linked.values()].filter((l) => !suggestions.some((s) => s.key === refKey(l)))
    : [];

  const accept = (ref: EntityRef, name: string, occurrences: Suggestion['occurrences']) => {
    const next = linkFirst(body, occurrences, ref);
    if (next === undefined) {
      setNote(`${name} is already inside a link everywhere it is written.`);
      return;
    }
    onBody(next);
    setNote(`${name}: the first mention is linked.`);
  };
  const reject = (refs: EntityRef[], name: string) => {
    const known = new Set(rejected.map(refKey));
    const added = refs.filter((r) => !known.has(refKey(r))).map(({ type, id }) => ({ type, id }));
    onRejected([...rejected, ...added]);
    setNote(`${name} will not be suggested for this article.`);
  };
  const restore = (ref: EntityRef) => {
    onRejected(rejected.filter((r) => refKey(r) !== refKey(ref)));
    setNote(`${names.get(refKey(ref)) ?? 'The name'} is suggested again.`);
  };

  return (
    <section class="card stack linker" aria-labelledby="linker-h" aria-busy={!current}>
      <h2 id="linker-h">Names in the text</h2>
      <p class="hint" role="status">
        {error !== ''
          ? ''
          : !current
            ? 'Looking for names…'
            : suggestions.length + choices.length === 0
              ? 'No names to suggest.'
              : `${suggestions.length} found, ${choices.length} to choose.`}
      </p>
      <Notice text={error} kind="error" />
      <Notice text={note} />
      {suggestions.length > 0 && (
        <ul class="linker__list" aria-label="Suggested links">
          {suggestions.map((s) => (
            <SuggestionItem
              key={s.key}
              s={s}
              isLinked={linked.has(s.key)}
              onAccept={() => accept(s, s.name, s.occurrences)}
              onReject={() => reject([s], s.name)}
              onUnlink={() => {
                onBody(unlink(body, s));
                setNote(`${s.name} is no longer linked.`);
              }}
            />
          ))}
        </ul>
      )}
      {choices.length > 0 && (
        <ul class="linker__list" aria-label="Names to choose">
          {choices.map((c) => (
            <ChoiceItem
              key={c.key}
              c={c}
              onPick={(m) => accept(m, m.name, c.occurrences)}
              onReject={() => reject(c.candidates, `“${c.text}”`)}
            />
          ))}
        </ul>
      )}
      {unlisted.length > 0 && (
        <ul class="linker__list" aria-label="Other links">
          {unlisted.map((l) => (
            <li key={refKey(l)} class="linker__item">
              <span>
                “{l.text}” ({l.type}) <strong class="linker__linked">linked</strong>
              </span>
              <button
                type="button"
                class="small"
                aria-label={`Unlink “${l.text}”`}
                onClick={() => onBody(unlink(body, l))}
              >
                Unlink
              </button>
            </li>
          ))}
        </ul>
      )}
      {rejected.length > 0 && (
        <details>
          <summary>Rejected for this article ({rejected.length})</summary>
          <ul class="linker__list" aria-label="Rejected suggestions">
            {rejected.map((r) => {
              const name = names.get(refKey(r)) ?? `${r.type} ${r.id}`;
              return (
                <li key={refKey(r)} class="linker__item">
                  <span>
                    {name} ({r.type})
                  </span>
                  <button
                    type="button"
                    class="small"
                    aria-label={`Suggest ${name} again`}
                    onClick={() => restore(r)}
                  >
                    Suggest again
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      )}
    </section>
  );
}

function SuggestionItem(props: {
  s: Suggestion;
  isLinked: boolean;
  onAccept: () => void;
  onReject: () => void;
  onUnlink: () => void;
}) {
  const { s, isLinked } = props;
  return (
    <li class="linker__item" data-entity={s.key}>
      <span>
        <strong>{s.name}</strong> ({s.type}, {percent(s.confidence)})
        {isLinked && <strong class="linker__linked"> linked</strong>}
        <br />
        <span class="hint">
          “{s.texts.join('”, “')}” · {times(s.occurrences.length)}
        </span>
      </span>
      <span class="linker__actions">
        {isLinked ? (
          <button
            type="button"
            class="small"
            aria-label={`Unlink ${s.name}`}
            onClick={props.onUnlink}
          >
            Unlink
          </button>
        ) : (
          <>
            <button
              type="button"
              class="small"
              aria-label={`Accept ${s.name}`}
              onClick={props.onAccept}
            >
              Accept
            </button>
            <button
              type="button"
              class="small"
              aria-label={`Reject ${s.name}`}
              onClick={props.onReject}
            >
              Reject
            </button>
          </>
        )}
      </span>
    </li>
  );
}

function ChoiceItem(props: {
  c: Choice;
  onPick: (m: EntityRef & { name: string }) => void;
  onReject: () => void;
}) {
  const { c } = props;
  return (
    <li class="linker__item" data-choice={c.key}>
      <span>
        Choose: <strong>“{c.text}”</strong> · {times(c.occurrences.length)}
      </span>
      <span class="linker__actions" role="group" aria-label={`Who “${c.text}” is`}>
        {c.candidates.map((m) => (
          <button
            key={refKey(m)}
            type="button"
            class="small"
            aria-label={`Link “${c.text}” to ${m.name} (${m.type})`}
            onClick={() => props.onPick(m)}
          >
            {m.name} ({m.type})
          </button>
        ))}
        <button
          type="button"
          class="small"
          aria-label={`“${c.text}” is none of these`}
          onClick={props.onReject}
        >
          None
        </button>
      </span>
    </li>
  );
}

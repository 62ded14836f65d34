import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, messageOf } from './api.js';
import {
  groupSuggestions,
  refKey,
  type Choice,
  type Detected,
  type EntityRef,
  type Suggestion,
} from './mentions.js';
import { Notice } from './ui.js';
import type { Highlight, PickedHighlight } from './editor/linker-highlights.js';
import { SuggestionPopover } from './linker-popover.js';

/*
 * The entity linker beside the editor: the names it finds in the whole body, one line per
 * entity. Accept makes the first occurrence a mention (saving turns mentions into the article's
 * links); "Link all confident matches" does that for every name found with high confidence;
 * Reject hides the entity for this article (saved with it); names the linker could not
 * attribute are listed to choose from. Nothing is linked without a click. The editor applies
 * each link as a transaction on its current document. The same suggestions are underlined in the
 * text; clicking one offers Link and Reject (or the candidates) where it stands.
 */

/** Matches at least this sure are linked by "Link all confident matches". */
const CONFIDENT = 0.8;

/** Quiet time after the last keystroke before the text is checked again. */
const DEBOUNCE_MS = 600;

interface Props {
  /** The body's text as the linker reads it (one text block a line). */
  text: string;
  /** The entities the body mentions, with the text of their first mention. */
  linked: ReadonlyMap<string, EntityRef & { text: string }>;
  rejected: EntityRef[];
  /** Links the first linkable occurrence; false when every one is inside a link already. */
  onAccept: (ref: EntityRef, occurrences: Suggestion['occurrences']) => boolean;
  /** Links each entity's first linkable occurrence in one change; the number linked. */
  onAcceptAll: (list: { ref: EntityRef; occurrences: Suggestion['occurrences'] }[]) => number;
  onUnlink: (ref: EntityRef) => void;
  onRejected: (rejected: EntityRef[]) => void;
  /** The suggestions to underline in the text (each answer replaces the last). */
  onHighlights: (highlights: Highlight[]) => void;
  /** The underlined name the writer clicked, to offer Link and Reject right there. */
  picked: PickedHighlight | undefined;
  onClosePicked: () => void;
  /** Links the clicked occurrence itself. */
  onAcceptAt: (ref: EntityRef, picked: PickedHighlight) => void;
}

const percent = (confidence: number) => `${Math.round(confidence * 100)}%`;
const times = (n: number) => (n === 1 ? 'once' : `${n} times`);

export function LinkerPanel(props: Props) {
  const { text, linked, rejected, onRejected } = props;
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
    if (!props.onAccept(ref, occurrences)) {
      setNote(`${name} is already inside a link everywhere it is written.`);
      return;
    }
    setNote(`${name}: the first mention is linked.`);
  };
  const confident = suggestions.filter((s) => s.confidence >= CONFIDENT && !linked.has(s.key));
  const open = suggestions.filter((s) => !linked.has(s.key));
  const highlightKey = current
    ? [...open, ...choices]
        .map((h) => `${h.key}@${h.occurrences.map((o) => o.start).join(',')}`)
        .join(';')
    : undefined;
  useEffect(() => {
    if (highlightKey === undefined) return;
    props.onHighlights([
      ...open.map((s) => ({
        key: s.key,
        label: `${s.name} (${s.type})`,
        occurrences: s.occurrences,
      })),
      ...choices.map((c) => ({
        key: c.key,
        label: `choose who “${c.text}” is`,
        occurrences: c.occurrences,
      })),
    ]);
  }, [highlightKey]);
  const acceptAll = () => {
    const n = props.onAcceptAll(confident.map((s) => ({ ref: s, occurrences: s.occurrences })));
    setNote(n === 1 ? 'One name is linked.' : `${n} names are linked.`);
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

  const pickedSuggestion = open.find((s) => s.key === props.picked?.key);
  const pickedChoice = choices.find((c) => c.key === props.picked?.key);
  return (
    <section class="card stack linker" aria-labelledby="linker-h" aria-busy={!current}>
      {props.picked !== undefined && (pickedSuggestion ?? pickedChoice) !== undefined && (
        <SuggestionPopover
          picked={props.picked}
          suggestion={pickedSuggestion}
          choice={pickedChoice}
          onLink={(ref, name) => {
            if (props.picked !== undefined) props.onAcceptAt(ref, props.picked);
            setNote(`${name} is linked here.`);
            props.onClosePicked();
          }}
          onReject={(refs, name) => {
            reject(refs, name);
            props.onClosePicked();
          }}
          onClose={props.onClosePicked}
        />
      )}
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
      {confident.length > 0 && (
        <button type="button" onClick={acceptAll}>
          Link all confident matches ({confident.length})
        </button>
      )}
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
                props.onUnlink(s);
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
                onClick={() => props.onUnlink(l)}
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

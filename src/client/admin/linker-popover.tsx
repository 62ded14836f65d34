import { useEffect, useRef } from 'preact/hooks';
import type { PickedHighlight } from './editor/linker-highlights.js';
import type { Choice, EntityRef, Suggestion } from './mentions.js';

/*
 * What clicking an underlined name in the text offers, where it was clicked: link this name to
 * the suggested entity (or to one of the candidates of an ambiguous name), or reject it for the
 * article. Focus moves into it; Escape or Close leaves it without a change.
 */

export function SuggestionPopover(props: {
  picked: PickedHighlight;
  suggestion: Suggestion | undefined;
  choice: Choice | undefined;
  onLink: (ref: EntityRef, name: string) => void;
  onReject: (refs: EntityRef[], name: string) => void;
  onClose: () => void;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    box.current?.querySelector('button')?.focus();
  }, [props.picked.from]);
  const { suggestion, choice } = props;
  const label = suggestion?.name ?? `“${choice?.text ?? ''}”`;
  return (
    <div
      ref={box}
      class="linker-pop"
      role="dialog"
      aria-label={`Link ${label}`}
      style={{ left: `${props.picked.left}px`, top: `${props.picked.top + 12}px` }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') props.onClose();
      }}
    >
      {suggestion !== undefined && (
        <>
          <p>
            <strong>{suggestion.name}</strong> ({suggestion.type},{' '}
            {Math.round(suggestion.confidence * 100)}%)
          </p>
          <button
            type="button"
            class="small"
            onClick={() => props.onLink(suggestion, suggestion.name)}
          >
            Link here
          </button>{' '}
          <button
            type="button"
            class="small"
            onClick={() => props.onReject([suggestion], suggestion.name)}
          >
            Reject
          </button>
        </>
      )}
      {choice !== undefined && (
        <>
          <p>Who is “{choice.text}”?</p>
          {choice.candidates.map((m) => (
            <button
              key={`${m.type}:${m.id}`}
              type="button"
              class="small"
              onClick={() => props.onLink(m, m.name)}
            >
              {m.name} ({m.type})
            </button>
          ))}{' '}
          <button
            type="button"
            class="small"
            onClick={() => props.onReject(choice.candidates, `“${choice.text}”`)}
          >
            None of these
          </button>
        </>
      )}{' '}
      <button type="button" class="small link" aria-label="Close" onClick={props.onClose}>
        ×
      </button>
    </div>
  );
}

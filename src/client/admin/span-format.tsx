import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { acceptableHref, respan, setLink, toggleMark, type Mark } from './spans.js';
import type { Span } from './types.js';
import { Field, Notice } from './ui.js';

/*
 * Bold, italic and links for a text block. The words are edited in a textarea (plain, fast,
 * accessible); the buttons (or Ctrl/⌘+B, I, K) style the selected words, and a preview under the
 * textarea shows the styling, which a textarea cannot.
 */

function selection(id: string): { start: number; end: number } | undefined {
  const area = document.getElementById(id);
  if (!(area instanceof HTMLTextAreaElement)) return undefined;
  return { start: area.selectionStart, end: area.selectionEnd };
}

/** Puts the selection back after a restyle re-renders the textarea. */
function reselect(id: string, start: number, end: number): void {
  requestAnimationFrame(() => {
    const area = document.getElementById(id);
    if (!(area instanceof HTMLTextAreaElement)) return;
    area.focus();
    area.setSelectionRange(start, end);
  });
}

function SpanPreview({ span }: { span: Span }) {
  let node: ComponentChildren = span.text;
  if (span.marks?.includes('code')) node = <code>{node}</code>;
  if (span.marks?.includes('italic')) node = <em>{node}</em>;
  if (span.marks?.includes('bold')) node = <strong>{node}</strong>;
  if (span.mention !== undefined) return <span class="preview-mention">{node}</span>;
  if (span.href !== undefined && acceptableHref(span.href)) {
    return (
      <a href={span.href} target="_blank" rel="noopener noreferrer">
        {node}
      </a>
    );
  }
  return <>{node}</>;
}

/** The textarea of a text block, with its formatting bar and preview. */
export function StyledTextArea({
  id,
  label,
  spans,
  onChange,
  rows = 3,
}: {
  id: string;
  label: string;
  spans: Span[];
  onChange: (spans: Span[]) => void;
  rows?: number;
}) {
  const [linking, setLinking] = useState<{ start: number; end: number; href: string }>();
  const [hint, setHint] = useState('');
  const selected = () => {
    const range = selection(id);
    if (range === undefined || range.start === range.end) {
      setHint('Select the words to format first.');
      return undefined;
    }
    setHint('');
    return range;
  };
  const mark = (name: Mark) => {
    const range = selected();
    if (range === undefined) return;
    onChange(toggleMark(spans, range.start, range.end, name));
    reselect(id, range.start, range.end);
  };
  const startLink = () => {
    const range = selected();
    if (range === undefined) return;
    let pos = 0;
    const current = spans.find((s) => {
      const hit = pos <= range.start && range.start < pos + s.text.length;
      pos += s.text.length;
      return hit;
    });
    setLinking({ ...range, href: current?.href ?? '' });
  };
  const applyLink = (href: string | undefined) => {
    if (linking === undefined) return;
    if (href !== undefined && !acceptableHref(href)) {
      setHint('A link starts with https://, http://, mailto: or / (a page of this site).');
      return;
    }
    onChange(setLink(spans, linking.start, linking.end, href?.trim()));
    setLinking(undefined);
    setHint('');
    reselect(id, linking.start, linking.end);
  };
  const styledAny = spans.some((s) => s.marks?.length || s.href || s.mention);
  return (
    <>
      <Field label={label} id={id}>
        <div class="format-bar" role="toolbar" aria-label={`Format ${label}`}>
          <button type="button" class="small" onClick={() => mark('bold')} title="Ctrl+B">
            <strong>B</strong>
            <span class="visually-hidden"> Bold</span>
          </button>
          <button type="button" class="small" onClick={() => mark('italic')} title="Ctrl+I">
            <em>I</em>
            <span class="visually-hidden"> Italic</span>
          </button>
          <button type="button" class="small" onClick={startLink} title="Ctrl+K">
            Link
          </button>
        </div>
        <textarea
          id={id}
          rows={rows}
          value={spans.map((s) => s.text).join('')}
          onInput={(e) =>
            onChange(respan(e.currentTarget.value, spans, e.currentTarget.selectionEnd))
          }
          onKeyDown={(e) => {
            if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
            const key = e.key.toLowerCase();
            if (key === 'b') mark('bold');
            else if (key === 'i') mark('italic');
            else if (key === 'k') startLink();
            else return;
            e.preventDefault();
          }}
        />
      </Field>
      {linking !== undefined && (
        <div class="link-form" role="group" aria-label="Link">
          <Field label="Link to" id={`${id}-href`}>
            <input
              id={`${id}-href`}
              type="text"
              inputMode="url"
              value={linking.href}
              placeholder="https://…"
              autoFocus
              onInput={(e) => setLinking({ ...linking, href: e.currentTarget.value })}
              onKeyDown={(e) => {
                // Enter applies the link instead of submitting the article form around it.
                if (e.key !== 'Enter') return;
                e.preventDefault();
                applyLink(linking.href);
              }}
            />
          </Field>
          <button type="button" class="small" onClick={() => applyLink(linking.href)}>
            Apply link
          </button>
          <button type="button" class="small" onClick={() => applyLink(undefined)}>
            Remove link
          </button>
          <button type="button" class="small link" onClick={() => setLinking(undefined)}>
            Cancel
          </button>
        </div>
      )}
      <Notice text={hint} />
      {styledAny && (
        <p class="format-preview" data-preview-for={id}>
          <span class="visually-hidden">As readers will see it: </span>
          {spans.map((span, i) => (
            <SpanPreview key={i} span={span} />
          ))}
        </p>
      )}
    </>
  );
}

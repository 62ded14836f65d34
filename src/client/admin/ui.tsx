import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';

/* Small shared pieces of the admin screens. */

/** A status line that screen readers announce. */
export function Notice({ text, kind = 'info' }: { text: string; kind?: 'info' | 'error' }) {
  if (text === '') return null;
  return (
    <p class={`notice notice--${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {text}
    </p>
  );
}

/**
 * A notice with a link someone must pass on by hand (no mail server): the link in full, and a
 * button that copies it. Where the browser gives no clipboard (plain http off this machine) the
 * button selects the link for Ctrl+C instead.
 */
export function LinkNotice({ text, link }: { text: string; link: string }) {
  const [copied, setCopied] = useState('');
  const code = useRef<HTMLElement>(null);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setCopied('Copied.');
    } catch {
      const range = document.createRange();
      if (code.current !== null) range.selectNodeContents(code.current);
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
      setCopied('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };
  return (
    <div class="notice notice--info link-notice" role="status">
      <p>{text}</p>
      <p>
        <code class="link-notice__url" ref={code}>
          {link}
        </code>{' '}
        <button type="button" class="small" onClick={() => void copy()}>
          Copy link
        </button>{' '}
        <span>{copied}</span>
      </p>
    </div>
  );
}

/** A labelled form field. */
export function Field(props: {
  label: string;
  id: string;
  children: ComponentChildren;
  hint?: string;
}) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && (
        <p class="field__hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
    </div>
  );
}

/** A list's search box: each keystroke searches again from the first page. */
export function SearchField(props: {
  label: string;
  id: string;
  value: string;
  onSearch: (q: string) => void;
}) {
  return (
    <Field label={props.label} id={props.id}>
      <input
        id={props.id}
        type="search"
        value={props.value}
        onInput={(e) => props.onSearch(e.currentTarget.value)}
      />
    </Field>
  );
}

/** Navigates inside the app without reloading the page. */
export function go(path: string): void {
  history.pushState(null, '', path);
  dispatchEvent(new PopStateEvent('popstate'));
}

/** A link inside the app. */
export function Link(props: { href: string; children: ComponentChildren; class?: string }) {
  return (
    <a
      href={props.href}
      class={props.class}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        go(props.href);
      }}
    >
      {props.children}
    </a>
  );
}

/** "2 Mar 2026, 14:05" in the reader's own zone. */
export function when(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '—';
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A text field of a submitted form ("" when absent). */
export function field(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}

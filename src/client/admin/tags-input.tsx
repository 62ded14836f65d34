import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

/*
 * The article's tags as chips (issue 18: "tags picked with autocomplete and created on the
 * fly"). Typing offers the site's tags that contain the text, in any script; Enter, a comma or
 * leaving the box adds what was typed, as a new tag if the site has none by that name (it is
 * created when the article is saved). Backspace in an empty box takes the last chip off.
 */

const SUGGEST_PAUSE_MS = 200;
const MAX_TAGS = 30;

interface TagRow {
  name: string;
  count?: number;
}

const sameTag = (a: string, b: string) =>
  a.normalize('NFC').toLowerCase() === b.normalize('NFC').toLowerCase();

export function TagsInput(props: { value: readonly string[]; onChange: (tags: string[]) => void }) {
  const [draft, setDraft] = useState('');
  const [offered, setOffered] = useState<TagRow[]>([]);

  useEffect(() => {
    const q = draft.trim();
    if (q === '') {
      setOffered([]);
      return;
    }
    let stale = false;
    const timer = setTimeout(() => {
      api<{ tags: TagRow[] }>('GET', `/tags?q=${encodeURIComponent(q)}&limit=8`)
        .then((r) => {
          if (!stale) setOffered(r.tags);
        })
        .catch(() => undefined);
    }, SUGGEST_PAUSE_MS);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [draft]);

  const add = (names: readonly string[]) => {
    const next = [...props.value];
    for (const raw of names) {
      const name = raw.trim().replace(/\s+/g, ' ').slice(0, 60);
      if (name !== '' && !next.some((t) => sameTag(t, name)) && next.length < MAX_TAGS)
        next.push(name);
    }
    if (next.length !== props.value.length) props.onChange(next);
  };
  const commitDraft = () => {
    if (draft.trim() === '') return;
    add([draft]);
    setDraft('');
  };
  const choices = offered.filter((t) => !props.value.some((v) => sameTag(v, t.name)));

  return (
    <div class="field tags-input">
      <label for="tags">Tags</label>
      {props.value.length > 0 && (
        <ul class="chips" aria-label="Tags of this article">
          {props.value.map((tag) => (
            <li key={tag}>
              {tag}{' '}
              <button
                type="button"
                class="small link"
                aria-label={`Remove the tag ${tag}`}
                onClick={() => props.onChange(props.value.filter((t) => t !== tag))}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <input
        id="tags"
        list="tag-choices"
        value={draft}
        autocomplete="off"
        maxLength={200}
        aria-describedby="tags-hint"
        onInput={(e) => {
          const text = e.currentTarget.value;
          // A comma ends a tag: what is before the last one becomes chips (a pasted list too).
          const parts = text.split(/[,，、]/);
          if (parts.length > 1) {
            add(parts.slice(0, -1));
            setDraft(parts.at(-1) ?? '');
          } else {
            setDraft(text);
          }
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commitDraft();
          } else if (e.key === 'Backspace' && draft === '' && props.value.length > 0) {
            props.onChange(props.value.slice(0, -1));
          }
        }}
        onBlur={commitDraft}
      />
      <datalist id="tag-choices">
        {choices.map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
      <p class="hint" id="tags-hint">
        Type to find the site’s tags; Enter or a comma adds one. A new name becomes a new tag.
      </p>
    </div>
  );
}

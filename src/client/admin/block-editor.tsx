import { useEffect, useState } from 'preact/hooks';
import { api, contentApi, messageOf } from './api.js';
import { ImageBlockInput } from './media-picker.js';
import { StyledTextArea } from './span-format.js';
import { joinItems, splitItems } from './spans.js';
import type { Block, Span } from './types.js';
import { Field, Notice } from './ui.js';

/* One block of the editor, and the panels that add videos and air times. */

interface Props {
  block: Block;
  index: number;
  onChange: (block: Block) => void;
  onRemove: () => void;
  onMove: (delta: number) => void;
}

interface Episode {
  id: number;
  number: number;
  air_instant: string;
  show: { title: string; slug: string };
}

/** Picks an episode from the Content API's /episodes, by date range and optionally by show. */
function EpisodePicker({
  value,
  onPick,
  id,
}: {
  value: number;
  onPick: (id: number) => void;
  id: string;
}) {
  const [show, setShow] = useState('');
  const [from, setFrom] = useState(
    new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10),
  );
  const [episodes, setEpisodes] = useState<Episode[]>([]);
  const [error, setError] = useState('');
  useEffect(() => {
    const to = new Date(Date.parse(from) + 120 * 86_400_000).toISOString().slice(0, 10);
    const params = new URLSearchParams({ from, to, limit: '100' });
    if (/^[a-z0-9-]+$/.test(show)) params.set('show', show);
    contentApi<{ episodes: Episode[] }>(`/episodes?${params}`)
      .then((r) => {
        setEpisodes(r.episodes);
        setError('');
      })
      .catch((e: unknown) => setError(messageOf(e)));
  }, [show, from]);
  return (
    <div class="picker">
      <Field label="Show (slug, optional)" id={`${id}-show`}>
        <input
          id={`${id}-show`}
          value={show}
          onChange={(e) => setShow(e.currentTarget.value.trim())}
        />
      </Field>
      <Field label="Airing from" id={`${id}-from`}>
        <input
          id={`${id}-from`}
          type="date"
          value={from}
          onChange={(e) => setFrom(e.currentTarget.value || from)}
        />
      </Field>
      <Field label="Episode" id={`${id}-ep`}>
        <select
          id={`${id}-ep`}
          value={String(value)}
          onChange={(e) => onPick(Number(e.currentTarget.value))}
        >
          <option value="0">Choose an episode…</option>
          {episodes.map((ep) => (
            <option key={ep.id} value={String(ep.id)}>
              {ep.show.title} — episode {ep.number} ({new Date(ep.air_instant).toLocaleString()})
            </option>
          ))}
        </select>
      </Field>
      <Notice text={error} kind="error" />
    </div>
  );
}

function VideoInput({
  block,
  onChange,
  id,
}: {
  block: Extract<Block, { type: 'video' }>;
  onChange: (b: Block) => void;
  id: string;
}) {
  const [url, setUrl] = useState('');
  const [error, setError] = useState('');
  const add = () =>
    void api<{ video: { id: number } }>('POST', '/videos', { video: { url } })
      .then((r) => {
        onChange({ ...block, videoId: r.video.id });
        setError('');
      })
      .catch((e: unknown) => setError(messageOf(e)));
  return (
    <div class="stack">
      <Field label="Paste the video's URL (YouTube, Vimeo, Naver TV, Dailymotion, TikTok)" id={id}>
        <input
          id={id}
          type="url"
          value={url}
          onInput={(e) => setUrl(e.currentTarget.value)}
          onPaste={(e) => {
            const text = e.clipboardData?.getData('text') ?? '';
            if (text !== '') setTimeout(add, 0);
            setUrl(text);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              add();
            }
          }}
        />
      </Field>
      <button type="button" class="small" onClick={add}>
        Use this video
      </button>
      {block.videoId > 0 && (
        <p class="hint" role="status">
          Video {block.videoId} is embedded.
        </p>
      )}
      <Notice text={error} kind="error" />
    </div>
  );
}

const LABELS: Record<Block['type'], string> = {
  paragraph: 'Paragraph',
  heading: 'Heading',
  quote: 'Quote',
  list: 'List',
  image: 'Image',
  video: 'Video',
  airtime: 'Air time',
  code: 'Code',
  table: 'Table',
  gallery: 'Gallery',
};

export function BlockEditor({ block, index, onChange, onRemove, onMove }: Props) {
  const id = `block-${index}`;
  const textArea = (spans: Span[], set: (spans: Span[]) => void, label: string) => (
    <StyledTextArea id={id} label={label} spans={spans} onChange={set} />
  );
  let inner;
  switch (block.type) {
    case 'paragraph':
      inner = textArea(
        block.content,
        (content) => onChange({ ...block, content }),
        `Paragraph ${index + 1}`,
      );
      break;
    case 'heading':
      inner = textArea(
        block.content,
        (content) => onChange({ ...block, content }),
        `Heading ${index + 1}`,
      );
      break;
    case 'quote':
      inner = (
        <>
          {textArea(
            block.content,
            (content) => onChange({ ...block, content }),
            `Quote ${index + 1}`,
          )}
          <Field label="Who said it" id={`${id}-cite`}>
            <input
              id={`${id}-cite`}
              value={block.cite ?? ''}
              onInput={(e) => onChange({ ...block, cite: e.currentTarget.value })}
            />
          </Field>
        </>
      );
      break;
    case 'list':
      inner = (
        <StyledTextArea
          id={id}
          label={`List ${index + 1}, one item per line`}
          rows={4}
          spans={joinItems(block.items)}
          onChange={(spans) => onChange({ ...block, items: splitItems(spans) })}
        />
      );
      break;
    case 'image':
      inner = <ImageBlockInput block={block} onChange={onChange} id={id} />;
      break;
    case 'video':
      inner = <VideoInput block={block} onChange={onChange} id={id} />;
      break;
    case 'code':
      inner = (
        <textarea
          id={id}
          aria-label={`Code ${index + 1}`}
          rows={6}
          value={block.text}
          onInput={(e) => onChange({ ...block, text: e.currentTarget.value })}
        />
      );
      break;
    case 'table':
    case 'gallery':
      // Imported tables and galleries are kept as they are; this editor does not change them.
      inner = (
        <p class="block__note">
          {block.type === 'table'
            ? `A table of ${block.rows.length} rows, kept as imported.`
            : `A gallery of ${block.images.length} pictures, kept as imported.`}
        </p>
      );
      break;
    case 'airtime':
      inner = (
        <EpisodePicker
          value={block.episodeId}
          onPick={(episodeId) => onChange({ ...block, episodeId })}
          id={id}
        />
      );
      break;
  }
  return (
    <li class={`block block--${block.type}`}>
      <div class="block__bar">
        <span class="block__type">{LABELS[block.type]}</span>
        {block.type === 'heading' && (
          <select
            aria-label={`Level of heading ${index + 1}`}
            value={String(block.level)}
            onChange={(e) =>
              onChange({ ...block, level: Number(e.currentTarget.value) as 2 | 3 | 4 })
            }
          >
            <option value="2">H2</option>
            <option value="3">H3</option>
            <option value="4">H4</option>
          </select>
        )}
        {block.type === 'list' && (
          <label>
            <input
              type="checkbox"
              checked={block.ordered}
              onChange={(e) => onChange({ ...block, ordered: e.currentTarget.checked })}
            />{' '}
            numbered
          </label>
        )}
        <button
          type="button"
          class="small"
          aria-label={`Move block ${index + 1} up`}
          onClick={() => onMove(-1)}
        >
          ↑
        </button>
        <button
          type="button"
          class="small"
          aria-label={`Move block ${index + 1} down`}
          onClick={() => onMove(1)}
        >
          ↓
        </button>
        <button
          type="button"
          class="small danger"
          aria-label={`Remove block ${index + 1}`}
          onClick={onRemove}
        >
          ✕
        </button>
      </div>
      {inner}
    </li>
  );
}

/** A new, empty block of a type. */
export function emptyBlock(type: Block['type']): Block {
  switch (type) {
    case 'paragraph':
      return { type, content: [{ text: '' }] };
    case 'heading':
      return { type, level: 2, content: [{ text: '' }] };
    case 'quote':
      return { type, content: [{ text: '' }] };
    case 'list':
      return { type, ordered: false, items: [[{ text: '' }]] };
    case 'image':
      return { type, src: '', alt: '' };
    case 'video':
      return { type, videoId: 0 };
    case 'airtime':
      return { type, episodeId: 0 };
    case 'code':
      return { type, text: '' };
    case 'table':
      return { type, header: false, rows: [[[{ text: '' }]]] };
    case 'gallery':
      return { type, images: [] };
  }
}

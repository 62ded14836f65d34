import { useState } from 'preact/hooks';
import { localPath, MediaGrid, thumbnail, UploadZone, useMediaList } from './screens-media.js';
import type { Block, MediaItem } from './types.js';
import { Field } from './ui.js';

/*
 * Pictures from the media library for the editor: the image block (a library item, a new upload,
 * or a URL) and the article's feature image.
 */

type ImageBlock = Extract<Block, { type: 'image' }>;

function fromLibrary(block: ImageBlock, item: MediaItem): ImageBlock {
  return {
    ...block,
    mediaId: item.id,
    src: localPath(item.url),
    width: item.width ?? undefined,
    height: item.height ?? undefined,
  };
}

export function Library({ id, onPick }: { id: string; onPick: (item: MediaItem) => void }) {
  const [q, setQ] = useState('');
  const { data, error } = useMediaList(q, 1, 12, 0);
  return (
    <div class="stack picker">
      <UploadZone id={`${id}-upload`} onUploaded={onPick} />
      <Field label="Search the library" id={`${id}-q`}>
        <input
          id={`${id}-q`}
          type="search"
          value={q}
          onInput={(e) => setQ(e.currentTarget.value)}
        />
      </Field>
      {error !== '' && <p class="hint">{error}</p>}
      <MediaGrid items={data?.media ?? []} onSelect={onPick} />
    </div>
  );
}

export function ImageBlockInput({
  block,
  onChange,
  id,
}: {
  block: ImageBlock;
  onChange: (block: Block) => void;
  id: string;
}) {
  const [open, setOpen] = useState(block.src === '');
  const [picked, setPicked] = useState<MediaItem>();
  const pick = (item: MediaItem) => {
    setPicked(item);
    setOpen(false);
    onChange(fromLibrary(block, item));
  };
  return (
    <>
      {block.mediaId !== undefined && (
        <p class="hint" role="status">
          {picked && <img src={thumbnail(picked)} alt="" width={96} height={72} />} Library image{' '}
          {block.mediaId}
          {picked && `: ${picked.filename}`}
        </p>
      )}
      <button type="button" class="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Close the library' : 'Choose from the library or upload'}
      </button>
      {open && <Library id={id} onPick={pick} />}
      <Field label="Or an image URL" id={id}>
        <input
          id={id}
          type="url"
          value={block.mediaId === undefined ? block.src : ''}
          onInput={(e) => onChange({ type: 'image', alt: block.alt, src: e.currentTarget.value })}
        />
      </Field>
      <Field
        label="Alternative text (empty: the library's)"
        id={`${id}-alt`}
        hint={picked?.alt ? `Library: ${picked.alt}` : undefined}
      >
        <input
          id={`${id}-alt`}
          value={block.alt}
          onInput={(e) => onChange({ ...block, alt: e.currentTarget.value })}
        />
      </Field>
    </>
  );
}

/** The article's feature image as the editor keeps it. */
export interface FeatureImage {
  id: number;
  src: string;
  alt: string;
}

/** Picks the article's feature image from the library (or a new upload), or removes it. */
export function FeatureImageInput({
  value,
  onChange,
}: {
  value: FeatureImage | null;
  onChange: (image: FeatureImage | null) => void;
}) {
  const [open, setOpen] = useState(false);
  const [preview, setPreview] = useState<string>();
  return (
    <section class="card stack" aria-labelledby="feature-h">
      <h2 id="feature-h">Feature image</h2>
      {value === null ? (
        <p class="hint">None: lists and shares show the article without a picture.</p>
      ) : (
        <p class="hint" role="status" data-feature-image={value.id}>
          <img src={preview ?? localPath(value.src)} alt="" width={96} height={72} /> Library image{' '}
          {value.id}
          {value.alt !== '' && `: ${value.alt}`}
        </p>
      )}
      <button type="button" class="small" aria-expanded={open} onClick={() => setOpen(!open)}>
        {open ? 'Close the library' : value === null ? 'Choose from the library' : 'Change'}
      </button>
      {value !== null && (
        <button type="button" class="small danger" onClick={() => onChange(null)}>
          Remove the feature image
        </button>
      )}
      {open && (
        <Library
          id="feature-image"
          onPick={(item) => {
            setOpen(false);
            setPreview(thumbnail(item));
            onChange({ id: item.id, src: localPath(item.url), alt: item.alt });
          }}
        />
      )}
    </section>
  );
}

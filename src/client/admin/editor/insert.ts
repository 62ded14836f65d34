import type { Fragment, Node as PMNode } from 'prosemirror-model';
import type { EditorView } from 'prosemirror-view';
import { api, apiUpload } from '../api.js';
import { localPath } from '../screens-media.js';
import type { Block, MediaItem } from '../types.js';
import { blocksToFragment } from './convert.js';
import { insertWhenReady } from './placeholders.js';
import { schema } from './schema.js';

/*
 * What the editor inserts after asking the server: an uploaded image, a video found by its URL,
 * HTML pasted from elsewhere (converted by the same converter as the import). Each holds its
 * place with a placeholder (placeholders.ts), so typing goes on while it is on its way.
 */

/** The image node of a media library item. */
export function imageNode(item: MediaItem): PMNode {
  return schema.nodes.image.create(
    {
      src: localPath(item.url),
      alt: item.alt,
      mediaId: item.id,
      width: item.width,
      height: item.height,
    },
    schema.nodes.caption.create(),
  );
}

/** Uploads an image file to the library and puts it at `pos` (default: the selection). */
export function uploadImage(view: EditorView, file: File, pos?: number): Promise<void> {
  const form = new FormData();
  form.append('file', file);
  const work = apiUpload<{ media: MediaItem }>('/media', form).then((r) => imageNode(r.media));
  return insertWhenReady(view, `Uploading ${file.name}…`, work, { pos, block: true });
}

/** Finds (or makes) the video row of a clip URL and puts the clip at the selection. */
export function addVideo(view: EditorView, url: string): Promise<void> {
  const work = api<{ video: { id: number } }>('POST', '/videos', { video: { url } }).then((r) =>
    schema.nodes.video.create({ videoId: r.video.id }, schema.nodes.caption.create()),
  );
  return insertWhenReady(view, 'Looking up the video…', work, { block: true });
}

/** Converts pasted HTML on the server (structure kept, the rest dropped) and inserts it. */
function pasteHtml(view: EditorView, html: string): Promise<void> {
  const work = api<{ body: Block[] }>('POST', '/html-to-blocks', { html }).then((r): Fragment =>
    blocksToFragment(r.body),
  );
  return insertWhenReady(view, 'Pasting…', work);
}

const VIDEO_URL =
  /^https?:\/\/(www\.|m\.)?(youtube\.com|youtu\.be|vimeo\.com|tv\.naver\.com|dailymotion\.com|dai\.ly|tiktok\.com)\/\S+$/i;

/**
 * The editor's paste and drop handling. Its own copies (a ProseMirror slice) paste as they are;
 * images are uploaded; a lone clip URL becomes a video; other HTML goes through the converter.
 */
export function transferHandlers(onError: (error: unknown) => void) {
  const report = (p: Promise<void>) => void p.catch(onError);
  const images = (list: FileList | undefined | null) =>
    [...(list ?? [])].filter((f) => f.type.startsWith('image/'));
  return {
    handlePaste(view: EditorView, event: ClipboardEvent): boolean {
      const data = event.clipboardData;
      if (data === null) return false;
      const files = images(data.files);
      if (files.length > 0) {
        for (const file of files) report(uploadImage(view, file));
        return true;
      }
      const html = data.getData('text/html');
      if (html !== '' && !html.includes('data-pm-slice')) {
        report(pasteHtml(view, html));
        return true;
      }
      const text = data.getData('text/plain').trim();
      if (html === '' && VIDEO_URL.test(text)) {
        report(addVideo(view, text));
        return true;
      }
      return false;
    },
    handleDrop(view: EditorView, event: DragEvent): boolean {
      const files = images(event.dataTransfer?.files);
      if (files.length === 0) return false;
      event.preventDefault();
      const at = view.posAtCoords({ left: event.clientX, top: event.clientY });
      for (const file of files) report(uploadImage(view, file, at?.pos));
      return true;
    },
  };
}

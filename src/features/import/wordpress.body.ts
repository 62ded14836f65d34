import { Value } from 'typebox/value';
import type { DbOrTrx } from '../../db/database.js';
import { BodySchema, blocksFromHtml, spanLists, type Block } from '../articles/index.js';
import { parseVideoUrl } from '../media/index.js';
import { ATTACHMENT_SRC, wordpressToHtml } from './wordpress-content.js';
import type { Uploads } from './wordpress.media.js';
import type { ImportLog } from './wordpress.report.js';
import { decodeText, type WpItem } from './wxr-model.js';
import { ImportRefused } from './wxr-reader.js';

const UPLOADS = '/wp-content/uploads/';

/** A media row an earlier item of the export became (an attachment), by WordPress post id. */
export type AttachmentLookup = (
  postId: string,
) => Promise<{ id: number; path: string; alt: string } | undefined>;

type Picture = { src: string; alt: string; mediaId?: number };

/**
 * Points a picture at the media library: an uploads URL is copied from the uploads folder, a
 * gallery's attachment id is looked up. Returns false for a gallery picture whose attachment is
 * not (yet) imported.
 */
async function placePicture(
  trx: DbOrTrx,
  uploads: Uploads,
  log: ImportLog,
  attachment: AttachmentLookup,
  picture: Picture,
  label: string,
  now: string,
): Promise<boolean> {
  if (picture.src.startsWith(ATTACHMENT_SRC)) {
    const found = await attachment(picture.src.slice(ATTACHMENT_SRC.length));
    if (found === undefined) return false;
    Object.assign(picture, { src: found.path, mediaId: found.id, alt: picture.alt || found.alt });
    return true;
  }
  if (!picture.src.includes(UPLOADS)) return true;
  const media = await uploads.ensure(trx, picture.src, now, { alt: picture.alt });
  if (media.ok) {
    Object.assign(picture, { src: media.path, mediaId: media.id });
    if (media.created) log.count('media', 'created');
  } else if (uploads.enabled) {
    log.note(`${label}: an image stays at its old address (${media.reason}).`);
  }
  return true;
}

/**
 * Points a body's pictures and links at the media library. Gallery pictures whose attachment
 * is not imported yet stay as they are when `final` is false (the attachment may come later in
 * the file), and are left out with a note when it is true.
 * @returns whether pictures are still waiting for their attachment
 */
export async function placeMedia(
  trx: DbOrTrx,
  uploads: Uploads,
  log: ImportLog,
  attachment: AttachmentLookup,
  blocks: Block[],
  label: string,
  now: string,
  final: boolean,
): Promise<{ blocks: Block[]; waiting: boolean }> {
  let waiting = false;
  const out: Block[] = [];
  for (const block of blocks) {
    if (
      block.type === 'image' &&
      !(await placePicture(trx, uploads, log, attachment, block, label, now))
    ) {
      if (final) {
        log.note(`${label}: a gallery image (${block.src}) was left out; it was not imported.`);
        continue;
      }
      waiting = true;
    }
    if (block.type === 'gallery') {
      const kept: typeof block.images = [];
      for (const image of block.images) {
        if (await placePicture(trx, uploads, log, attachment, image, label, now)) kept.push(image);
        else if (final) {
          log.note(`${label}: a gallery image (${image.src}) was left out; it was not imported.`);
        } else {
          kept.push(image);
          waiting = true;
        }
      }
      if (kept.length === 0) continue;
      block.images = kept;
    }
    for (const spans of spanLists([block])) {
      for (const span of spans) {
        if (span.href === undefined || !span.href.includes(UPLOADS)) continue;
        const media = await uploads.ensure(trx, span.href, now);
        if (media.ok) span.href = media.path;
        if (media.ok && media.created) log.count('media', 'created');
      }
    }
    out.push(block);
  }
  return { blocks: out, waiting: waiting && !final };
}

/** Clip titles WordPress cached with the post (_oembed_… meta), by the clip's provider id. */
function oembedTitles(item: WpItem): { src: string; title: string }[] {
  const titles: { src: string; title: string }[] = [];
  for (const [key, value] of item.meta) {
    if (!key.startsWith('_oembed_') || key.startsWith('_oembed_time_')) continue;
    const title = /\btitle="([^"]*)"/.exec(value)?.[1];
    const src = /\bsrc="([^"]*)"/.exec(value)?.[1];
    if (title && src) titles.push({ src, title: decodeText(title) });
  }
  return titles;
}

/** Gives the clips of a body the titles WordPress knew for them, instead of "Video from …". */
async function nameVideos(trx: DbOrTrx, item: WpItem, blocks: Block[], now: string) {
  const titles = oembedTitles(item);
  if (titles.length === 0) return;
  for (const block of blocks) {
    if (block.type !== 'video') continue;
    const video = await trx
      .selectFrom('videos')
      .select(['provider_id', 'title'])
      .where('id', '=', block.videoId)
      .executeTakeFirst();
    if (video === undefined || !video.title.startsWith('Video from ')) continue;
    const named = titles.find((t) => parseVideoUrl(t.src)?.providerId === video.provider_id);
    if (named === undefined) continue;
    await trx
      .updateTable('videos')
      .set({ title: named.title.slice(0, 300), updated_at: now })
      .where('id', '=', block.videoId)
      .execute();
  }
}

/**
 * Converts a post's content to blocks, copying the files it uses from the uploads folder and
 * pointing its image and link URLs at them.
 * @throws ImportRefused when the result breaks Deho's body limits
 */
export async function convertBody(
  trx: DbOrTrx,
  uploads: Uploads,
  log: ImportLog,
  attachment: AttachmentLookup,
  item: WpItem,
  label: string,
  now: string,
): Promise<{ blocks: Block[]; waiting: boolean }> {
  const prepared = wordpressToHtml(item.content);
  for (const what of prepared.dropped) log.note(`${label}: ${what} was left out.`);
  const converted = await blocksFromHtml(trx, prepared.html, now);
  await nameVideos(trx, item, converted, now);
  const placed = await placeMedia(trx, uploads, log, attachment, converted, label, now, false);
  if (!Value.Check(BodySchema, placed.blocks)) {
    throw new ImportRefused(
      `The content of ${label} does not fit Deho's limits (a paragraph over 20,000 characters, or over 5,000 blocks). The import stopped there; shorten that post in WordPress, export again and import again (what was imported before it is kept).`,
    );
  }
  return placed;
}

import { Value } from 'typebox/value';
import type { DbOrTrx } from '../../db/database.js';
import { BodySchema, blocksFromHtml, type Block, type Span } from '../articles/index.js';
import { wordpressToHtml } from './wordpress-content.js';
import type { Uploads } from './wordpress.media.js';
import type { ImportLog } from './wordpress.report.js';
import type { WpItem } from './wxr-model.js';
import { ImportRefused } from './wxr-reader.js';

const UPLOADS = '/wp-content/uploads/';

/**
 * Converts a post's content to blocks, copying the files it uses from the uploads folder and
 * pointing its image and link URLs at them.
 * @throws ImportRefused when the result breaks Deho's body limits
 */
export async function convertBody(
  trx: DbOrTrx,
  uploads: Uploads,
  log: ImportLog,
  item: WpItem,
  label: string,
  now: string,
): Promise<Block[]> {
  const prepared = wordpressToHtml(item.content);
  for (const what of prepared.dropped) log.note(`${label}: ${what} was left out.`);
  const blocks = await blocksFromHtml(trx, prepared.html, now);
  const spans = async (list: Span[]) => {
    for (const span of list) {
      if (span.href === undefined || !span.href.includes(UPLOADS)) continue;
      const media = await uploads.ensure(trx, span.href, now);
      if (media.ok) span.href = media.path;
      if (media.ok && media.created) log.count('media', 'created');
    }
  };
  for (const block of blocks) {
    if (block.type === 'image' && block.src.includes(UPLOADS)) {
      const media = await uploads.ensure(trx, block.src, now, { alt: block.alt });
      if (media.ok) {
        Object.assign(block, { src: media.path, mediaId: media.id });
        if (media.created) log.count('media', 'created');
      } else if (uploads.enabled) {
        log.note(`${label}: an image stays at its old address (${media.reason}).`);
      }
    }
    if ('content' in block) await spans(block.content);
    if (block.type === 'list') for (const entry of block.items) await spans(entry);
    if ((block.type === 'image' || block.type === 'video') && block.caption)
      await spans(block.caption);
  }
  if (!Value.Check(BodySchema, blocks)) {
    throw new ImportRefused(
      `The content of ${label} does not fit Deho's limits (a paragraph over 20,000 characters, or over 5,000 blocks). Nothing was imported; shorten that post in WordPress and export again.`,
    );
  }
  return blocks;
}

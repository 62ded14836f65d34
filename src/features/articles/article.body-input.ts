import type { DbOrTrx } from '../../db/database.js';
import { ValidationFailed } from '../../lib/errors.js';
import { findOrCreateClip } from '../media/index.js';
import { safeLinkHref, spanLists, withoutEmptyParagraphs, type Block } from './blocks.js';
import { htmlToBlocks } from './html-to-blocks.js';
import { linkMentions, type LinkReport } from './html-links.js';
import { checkMentions } from './mention-links.js';

/*
 * An article body as a write brings it (Deho blocks, or HTML converted by the import's
 * converter), checked before it is stored: safe links, and videos, episodes and mentioned
 * entities that exist.
 */

/** Converts HTML to blocks, creating video rows for the clips it embeds. */
export async function blocksFromHtml(trx: DbOrTrx, html: string, now: string): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const block of htmlToBlocks(html)) {
    if (block.type === 'embed') {
      const videoId = (await findOrCreateClip(trx, block.video, now)).video.id;
      blocks.push({ type: 'video', videoId, ...(block.caption && { caption: block.caption }) });
    } else {
      blocks.push(block);
    }
  }
  return blocks;
}

/** Refuses a body with a link target that is not safe to publish (safeLinkHref). */
function checkLinks(body: Block[]): void {
  for (const spans of spanLists(body)) {
    for (const { href } of spans) {
      if (href === undefined || safeLinkHref(href) !== undefined) continue;
      throw new ValidationFailed(
        `"${href.slice(0, 100)}" cannot be a link: use an address starting with https://, http://, mailto: or tel:, a path of this site starting with /, or an anchor starting with #.`,
        'body',
      );
    }
  }
}

/** Checks that every video and episode a body refers to exists. */
async function checkReferences(trx: DbOrTrx, body: Block[]): Promise<void> {
  for (const block of body) {
    if (block.type === 'video') {
      const found = await trx
        .selectFrom('videos')
        .select('id')
        .where('id', '=', block.videoId)
        .executeTakeFirst();
      if (!found) throw new ValidationFailed(`There is no video ${block.videoId}.`, 'body');
    }
    if (block.type === 'airtime') {
      const found = await trx
        .selectFrom('episodes')
        .select('id')
        .where('id', '=', block.episodeId)
        .executeTakeFirst();
      if (!found) throw new ValidationFailed(`There is no episode ${block.episodeId}.`, 'body');
    }
  }
}

/** The body a write brings, converted and checked; undefined when it brings none. */
export async function resolveBody(
  trx: DbOrTrx,
  input: { body?: Block[]; html?: string; link?: boolean },
  now: string,
  links?: LinkReport,
): Promise<Block[] | undefined> {
  if (input.body !== undefined && input.html !== undefined) {
    throw new ValidationFailed(
      'Send the body either as blocks ("body") or as HTML ("html"), not both.',
      'html',
    );
  }
  const given = input.html !== undefined ? await blocksFromHtml(trx, input.html, now) : input.body;
  const body = given === undefined ? undefined : withoutEmptyParagraphs(given);
  // HTML from elsewhere gets its confident mentions linked, as the import does with --link.
  if (input.html !== undefined && body !== undefined && input.link !== false) {
    const report = await linkMentions(trx, body);
    links?.linked.push(...report.linked);
    links?.suggestions.push(...report.suggestions);
  }
  if (body !== undefined) {
    checkLinks(body);
    await checkReferences(trx, body);
    await checkMentions(trx, body);
  }
  return body;
}

import type { DbOrTrx } from '../../db/database.js';
import type { Block } from '../articles/index.js';
import { reindexArticles } from '../search/index.js';
import * as batch from './import.batch.js';
import { placeMedia, type AttachmentLookup } from './wordpress.body.js';
import { linkImportedArticles, type LinkOutcome } from './wordpress.links.js';
import type { Uploads } from './wordpress.media.js';
import { articleDigests } from './wordpress.post.js';
import type { ImportLog } from './wordpress.report.js';

/*
 * What an import does after the last record of the file, a batch of articles at a time
 * (WordpressRun.finish commits between batches): gallery pictures and featured images whose
 * attachments came later in the file, then entity links, the search index and the digest of
 * each article as the import left it.
 */

export interface SettleContext {
  /** The current batch's transaction. */
  trx: DbOrTrx;
  uploads: Uploads;
  log: ImportLog;
  attachment: AttachmentLookup;
  /** The WordPress site (import_sources.site). */
  site: string;
  now: string;
}

/** An article whose featured image is a WordPress attachment. */
export interface Thumbnail {
  articleId: number;
  attachmentId: string;
  title: string;
}

/** An article the run created or changed, with its WordPress post id. */
export interface Touched {
  id: number;
  sourceId: string;
}

/** Gallery pictures that waited for attachments later in the file: placed, or left out. */
export async function placeWaiting(
  ctx: SettleContext,
  { id, label }: { id: number; label: string },
): Promise<void> {
  const row = await ctx.trx
    .selectFrom('articles')
    .select('body')
    .where('id', '=', id)
    .executeTakeFirst();
  if (row === undefined) return;
  const placed = await placeMedia(
    ctx.trx,
    ctx.uploads,
    ctx.log,
    ctx.attachment,
    JSON.parse(row.body) as Block[],
    label,
    ctx.now,
    true,
  );
  await ctx.trx
    .updateTable('articles')
    .set({ body: JSON.stringify(placed.blocks) })
    .where('id', '=', id)
    .execute();
}

/** Featured images: their attachments may come after the posts in the file. */
export async function placeThumbnails(
  ctx: SettleContext,
  thumbnails: readonly Thumbnail[],
): Promise<void> {
  const media = await batch.findSources(
    ctx.trx,
    { kind: 'wordpress', site: ctx.site, entity: 'media' },
    thumbnails.map((t) => t.attachmentId),
  );
  for (const { articleId, attachmentId, title } of thumbnails) {
    const found = media.get(attachmentId);
    if (found === undefined) {
      ctx.log.skip(
        `the featured image of ${title}`,
        `its attachment ${attachmentId} was not imported`,
      );
      continue;
    }
    await ctx.trx
      .updateTable('articles')
      .set({ feature_image_id: found.entityId })
      .where('id', '=', articleId)
      .where((eb) =>
        eb.or([eb('feature_image_id', 'is', null), eb('feature_image_id', '!=', found.entityId)]),
      )
      .execute();
  }
}

/**
 * Entity links, the search index and the digest of what the import left, for a batch of
 * articles: a few statements for all of them, not several each.
 */
export async function settleArticles(
  ctx: SettleContext,
  articles: readonly Touched[],
  link: boolean,
): Promise<LinkOutcome> {
  const ids = articles.map((a) => a.id);
  const links = await linkImportedArticles(ctx.trx, ids, link);
  await reindexArticles(ctx.trx, ids);
  // What the import left, so that the next import can tell an edit made in Deho.
  const digests = await articleDigests(ctx.trx, ids);
  const bySource = new Map<string, string>();
  for (const { id, sourceId } of articles) {
    const digest = digests.get(id);
    if (digest !== undefined) bySource.set(sourceId, digest);
  }
  await batch.recordLocalHashes(
    ctx.trx,
    { kind: 'wordpress', site: ctx.site, entity: 'article' },
    bySource,
  );
  return links;
}

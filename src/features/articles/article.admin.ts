import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { SLUG_PATTERN, slugify, tagSlug } from '../../lib/slug.js';
import { toStoredInstant } from '../../lib/time.js';
import type { ParsedVideoUrl } from '../media/index.js';
import { reindexArticle, removeArticle } from '../search/index.js';
import { emitWebhook, type WebhookEvent } from '../webhooks/index.js';
import { toSummary, toDetail } from './article.presenter.js';
import * as repo from './article.repository.js';
import type { ArticleStatus } from './article.table.js';
import { safeLinkHref, spanLists, withoutEmptyParagraphs, type Block } from './blocks.js';
import { checkedFeatureImage, checkUpdated, checkVersion, nextVersion } from './article.version.js';
import { htmlToBlocks } from './html-to-blocks.js';
import { linkMentions, type LinkReport } from './html-links.js';
import {
  checkMentions,
  findRejectedMentions,
  setRejectedMentions,
  syncMentionLinks,
  type EntityRef,
} from './mention-links.js';

/*
 * Staff-side use-cases for articles (Admin API): any status, revisions, HTML conversion.
 * Each runs inside the caller's transaction so that a failure leaves nothing half-written.
 */

/** What a write may carry; every field optional on update. */
export interface ArticleInput {
  title?: string;
  slug?: string;
  dek?: string;
  /** Deho blocks, or … */
  body?: Block[];
  /** … HTML, converted by the same converter as the WordPress import. */
  html?: string;
  /** With html: link the linker's confident mentions (default true); false leaves them. */
  link?: boolean;
  status?: ArticleStatus;
  published_at?: string | null;
  tags?: string[];
  comments_enabled?: boolean;
  /** Linker suggestions rejected for this article (replaces the stored list). */
  rejected_mentions?: EntityRef[];
  /** A media library item; null removes the feature image. */
  feature_image_id?: number | null;
  /** The version the writer last read; a write on a newer version is refused (409). */
  updated_at?: string;
}

/** Finds or creates the video row for a clip URL, so that a video block can refer to it. */
async function videoIdFor(trx: DbOrTrx, clip: ParsedVideoUrl, now: string): Promise<number> {
  const existing = await trx
    .selectFrom('videos')
    .select('id')
    .where('provider', '=', clip.provider)
    .where('provider_id', '=', clip.providerId)
    .executeTakeFirst();
  if (existing) return existing.id;
  const row = await trx
    .insertInto('videos')
    .values({
      title: `Video from ${clip.provider}`,
      kind: 'clip',
      provider: clip.provider,
      provider_id: clip.providerId,
      url: clip.url,
      start_seconds: clip.startSeconds,
      created_at: now,
      updated_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Converts HTML to blocks, creating video rows for the clips it embeds. */
export async function blocksFromHtml(trx: DbOrTrx, html: string, now: string): Promise<Block[]> {
  const blocks: Block[] = [];
  for (const block of htmlToBlocks(html)) {
    if (block.type === 'embed') {
      const videoId = await videoIdFor(trx, block.video, now);
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

async function resolveBody(
  trx: DbOrTrx,
  input: ArticleInput,
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

function publicationTime(
  status: ArticleStatus,
  requested: string | null | undefined,
  current: string | null,
  now: string,
) {
  if (requested !== undefined && requested !== null) {
    const stored = toStoredInstant(requested);
    if (stored === undefined)
      throw new ValidationFailed('published_at must be an ISO-8601 date and time.', 'published_at');
    if (status === 'scheduled' && stored <= now) {
      throw new ValidationFailed(
        'A scheduled article needs a published_at in the future.',
        'published_at',
      );
    }
    return stored;
  }
  if (status === 'scheduled' && current === null) {
    throw new ValidationFailed(
      'A scheduled article needs published_at: when it goes live.',
      'published_at',
    );
  }
  if (status === 'published') return current ?? now;
  return requested === null ? null : current;
}

async function setTags(
  trx: DbOrTrx,
  articleId: number,
  names: string[],
  now: string,
): Promise<void> {
  await trx.deleteFrom('article_tags').where('article_id', '=', articleId).execute();
  const seen = new Set<string>();
  const carried = new Set<number>();
  let position = 0;
  for (const raw of names) {
    const name = raw.normalize('NFC').trim();
    const slug = tagSlug(name);
    if (slug === '')
      throw new ValidationFailed(`The tag "${name}" needs at least one letter or digit.`, 'tags');
    if (seen.has(slug)) continue;
    seen.add(slug);
    const tagId = await repo.ensureTag(trx, slug, name, now);
    // Two names may lead to one tag (an old name and the new one): it is carried once.
    if (carried.has(tagId)) continue;
    carried.add(tagId);
    await trx
      .insertInto('article_tags')
      .values({ article_id: articleId, tag_id: tagId, position: position++ })
      .execute();
  }
}

async function checkedSlug(
  trx: DbOrTrx,
  requested: string | undefined,
  title: string,
  selfId?: number,
): Promise<string> {
  if (requested !== undefined) {
    if (!SLUG_PATTERN.test(requested)) {
      throw new ValidationFailed(
        'slug must be lowercase letters, digits and single hyphens, e.g. "my-story".',
        'slug',
      );
    }
    const owner = await trx
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', requested)
      .executeTakeFirst();
    if (owner && owner.id !== selfId)
      throw new Conflict('Another article already uses this slug.', 'slug');
    return requested;
  }
  const base = slugify(title) || 'article';
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`;
    const owner = await trx
      .selectFrom('articles')
      .select('id')
      .where('slug', '=', candidate)
      .executeTakeFirst();
    if (!owner || owner.id === selfId) return candidate;
  }
}

/** Creates an article from Admin API input. @returns its id */
export async function createFromInput(
  trx: DbOrTrx,
  clock: Clock,
  input: ArticleInput,
  authorId: number | null,
  links?: LinkReport,
): Promise<number> {
  const now = clock().toISOString();
  const title = (input.title ?? '').normalize('NFC').trim();
  if (title === '') throw new ValidationFailed('An article needs a title.', 'title');
  const status = input.status ?? 'draft';
  const body = (await resolveBody(trx, input, now, links)) ?? [];
  const id = await repo.insertArticle(trx, {
    slug: await checkedSlug(trx, input.slug, title),
    title,
    dek: (input.dek ?? '').normalize('NFC').trim(),
    body: JSON.stringify(body),
    author_id: authorId,
    status,
    published_at: publicationTime(status, input.published_at, null, now),
    feature_image_id: await checkedFeatureImage(trx, input.feature_image_id ?? null),
    comments_enabled: input.comments_enabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  });
  await saveRevision(trx, id, authorId, now);
  if (input.tags) await setTags(trx, id, input.tags, now);
  await syncMentionLinks(trx, id, body);
  if (input.rejected_mentions) await setRejectedMentions(trx, id, input.rejected_mentions, now);
  if (status === 'published') await reportArticle(trx, clock, 'article.published', id);
  await reindexArticle(trx, id);
  return id;
}

/** Applies the given changes to an article and records a revision. */
export async function updateFromInput(
  trx: DbOrTrx,
  clock: Clock,
  id: number,
  input: ArticleInput,
  editorId: number | null,
  links?: LinkReport,
): Promise<void> {
  const now = clock().toISOString();
  const current = await findAnyStatus(trx, id);
  checkVersion(current.updated_at, input.updated_at);
  const title = input.title === undefined ? current.title : input.title.normalize('NFC').trim();
  if (title === '') throw new ValidationFailed('An article needs a title.', 'title');
  const status = input.status ?? current.status;
  const body = await resolveBody(trx, input, now, links);
  const featureImage =
    input.feature_image_id === undefined
      ? undefined
      : await checkedFeatureImage(trx, input.feature_image_id);
  const updated = await trx
    .updateTable('articles')
    .set({
      title,
      ...(input.slug !== undefined && { slug: await checkedSlug(trx, input.slug, title, id) }),
      ...(input.dek !== undefined && { dek: input.dek.normalize('NFC').trim() }),
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(input.comments_enabled !== undefined && {
        comments_enabled: input.comments_enabled ? 1 : 0,
      }),
      ...(featureImage !== undefined && { feature_image_id: featureImage }),
      status,
      published_at: publicationTime(status, input.published_at, current.published_at, now),
      updated_at: nextVersion(now, current.updated_at),
    })
    .where('id', '=', id)
    .where('updated_at', '=', current.updated_at)
    .executeTakeFirstOrThrow();
  checkUpdated(updated, current.updated_at);
  if (input.tags) await setTags(trx, id, input.tags, now);
  if (body !== undefined) await syncMentionLinks(trx, id, body);
  if (input.rejected_mentions) await setRejectedMentions(trx, id, input.rejected_mentions, now);
  await saveRevision(trx, id, editorId, now);
  await reindexArticle(trx, id);
  const was = current.status === 'published';
  const is = status === 'published';
  await reportArticle(
    trx,
    clock,
    is && !was ? 'article.published' : was && !is ? 'article.unpublished' : 'article.updated',
    id,
  );
}

/**
 * Queues the webhooks for an article event inside the write's transaction (an outbox): the
 * deliveries exist exactly when the write commits, and the worker sends them after.
 */
async function reportArticle(
  trx: DbOrTrx,
  clock: Clock,
  event: WebhookEvent,
  id: number,
): Promise<void> {
  const row = await repo.findAnyById(trx, id);
  if (row === undefined) return;
  const a = toSummary(row);
  await emitWebhook({ db: trx, clock }, event, {
    article: {
      id: a.id,
      slug: a.slug,
      path: a.path,
      title: a.title,
      status: a.status,
      published_at: a.publishedAt,
      updated_at: a.updatedAt,
    },
  });
}

async function saveRevision(
  trx: DbOrTrx,
  id: number,
  authorId: number | null,
  now: string,
): Promise<void> {
  const row = await trx
    .selectFrom('articles')
    .select(['title', 'dek', 'body'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  await trx
    .insertInto('article_revisions')
    .values({ article_id: id, ...row, author_id: authorId, created_at: now })
    .execute();
}

/** An article of any status, as the Admin API shows it. */
export async function findAnyStatus(db: DbOrTrx, id: number) {
  const row = await repo.findAnyById(db, id);
  if (row === undefined) throw new NotFound(`There is no article ${id}.`);
  return row;
}

export async function adminDetail(db: DbOrTrx, id: number) {
  const row = await findAnyStatus(db, id);
  return toDetail(row, await repo.findArticleLinks(db, id));
}

/** What the editor needs besides the article: the suggestions it must not offer again. */
export function rejectedMentions(db: DbOrTrx, id: number): Promise<EntityRef[]> {
  return findRejectedMentions(db, id);
}

export async function deleteArticle(trx: DbOrTrx, id: number, clock: Clock): Promise<void> {
  await reportArticle(trx, clock, 'article.deleted', id);
  await removeArticle(trx, id);
  await trx.deleteFrom('articles').where('id', '=', id).execute();
}

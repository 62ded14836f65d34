import type { DbOrTrx } from '../../db/database.js';
import { pagination, type Page } from '../../lib/pagination.js';
import type { Clock } from '../../lib/clock.js';
import { NotFound, ValidationFailed } from '../../lib/errors.js';
import { slugify, tagSlug, uniqueSlug } from '../../lib/slug.js';
import { findEpisodeAirInfo } from '../dramas/index.js';
import { findMediaImages, findVideosByIds } from '../media/index.js';
import { reindexArticle } from '../search/index.js';
import type { ArticleDetail, ArticleFilter, ArticleSummary } from './article.model.js';
import { detailOf } from './article.detail.js';
import { articlePath, parseBody, toSummary } from './article.presenter.js';
import * as repo from './article.repository.js';
import type { ArticleStatus } from './article.table.js';
import { findTagRedirect } from './tag.admin.js';
import type { BodyContext } from './block-views.js';
import { ENTITY_TYPES, referencedIds, spanLists, type Block, type EntityType } from './blocks.js';

/** Published articles for a list, newest first. */
export async function listArticleSummaries(
  db: DbOrTrx,
  filter: ArticleFilter,
  options: { limit: number; offset: number; now: string },
): Promise<ArticleSummary[]> {
  return (await repo.listPublished(db, filter, options)).map(toSummary);
}

/** One page of published articles with the pagination block of the API shape. */
export async function pageOfArticles(db: DbOrTrx, clock: Clock, filter: ArticleFilter, page: Page) {
  const now = clock().toISOString();
  const [rows, total] = await Promise.all([
    repo.listPublished(db, filter, {
      limit: page.limit,
      offset: (page.page - 1) * page.limit,
      now,
    }),
    repo.countPublished(db, filter, now),
  ]);
  return { articles: rows.map(toSummary), pagination: pagination(page, total) };
}

/** The featured articles the home page shows above the latest news. */
export async function featuredArticles(db: DbOrTrx, clock: Clock, limit = 3) {
  return (await repo.listFeatured(db, clock().toISOString(), limit)).map(toSummary);
}

const MENTION_PATHS: Readonly<Record<EntityType, (slug: string) => string>> = {
  show: (slug) => `/shows/${slug}`,
  person: (slug) => `/people/${slug}`,
  group: (slug) => `/groups/${slug}`,
  character: (slug) => `/shows/${slug}`,
  event: (slug) => `/events/${slug}`,
};

/** Loads everything a body refers to (videos, episodes, mentioned entities) in a fixed number of queries. */
export async function loadBodyContext(
  db: DbOrTrx,
  blocks: readonly Block[],
  now: string,
): Promise<BodyContext> {
  const { videoIds, episodeIds, mediaIds } = referencedIds(blocks);
  const mentionIds = Object.fromEntries(ENTITY_TYPES.map((t) => [t, [] as number[]])) as Record<
    EntityType,
    number[]
  >;
  const collect = (spans: readonly { mention?: { type: EntityType; id: number } }[]) => {
    for (const span of spans) if (span.mention) mentionIds[span.mention.type].push(span.mention.id);
  };
  spanLists(blocks).forEach(collect);
  const [videos, episodes, targets, media] = await Promise.all([
    findVideosByIds(db, videoIds),
    findEpisodeAirInfo(db, episodeIds),
    repo.findMentionTargets(db, mentionIds),
    findMediaImages(db, mediaIds),
  ]);
  const paths = new Map<string, string>();
  const add = (type: EntityType, rows: { id: number; slug: string }[]) => {
    for (const row of rows) paths.set(`${type}:${row.id}`, MENTION_PATHS[type](row.slug));
  };
  add('show', targets.shows);
  add('person', targets.people);
  add('group', targets.groups);
  add('character', targets.characters);
  add('event', targets.events);
  return {
    videos,
    episodes,
    media,
    now,
    mentionPath: (type, id) => paths.get(`${type}:${id}`),
    mentionTags: [...paths.keys()],
  };
}

/** Cache tags for what a body shows: its episodes, images and the entities it mentions. */
export function bodyTags(body: BodyContext): string[] {
  return [...body.episodes.keys()]
    .map((id) => `episode:${id}`)
    .concat(
      [...body.media.keys()].map((id) => `media:${id}`),
      body.mentionTags,
    );
}

/** Cache tags of an article page: everything on it that can change elsewhere. */
export function articlePageTags(
  article: ArticleDetail,
  body: BodyContext,
  related: readonly ArticleSummary[],
): string[] {
  return [
    `article:${article.id}`,
    ...article.tags.map((t) => `tag:${t.id}`),
    ...article.shows.map((s) => `show:${s.id}`),
    ...article.people.map((p) => `person:${p.id}`),
    ...related.map((r) => `article:${r.id}`),
    ...(article.socialImage === null ? [] : [`media:${article.socialImage.id}`]),
    ...bodyTags(body),
  ];
}

/**
 * Cache tags to drop when an article changes: its own page, the lists it is (or will be) on,
 * and the tag, show and person pages that list it. Read before and after a write.
 */
export async function articleChangeTags(db: DbOrTrx, id: number): Promise<string[]> {
  const links = await repo.findArticleLinks(db, id);
  return [
    `article:${id}`,
    'lists',
    ...links.tags.map((t) => `tag:${t.id}`),
    ...links.shows.map((s) => `show:${s.id}`),
    ...links.people.map((p) => `person:${p.id}`),
  ];
}

/**
 * A published article with what its page shows around it, or, for the old slug of an article
 * renamed since, the path it has now.
 */
export async function getArticlePage(db: DbOrTrx, clock: Clock, slug: string) {
  const now = clock().toISOString();
  const row = await repo.findPublishedBySlug(db, slug, now);
  if (row === undefined) {
    const movedTo = await repo.findMovedSlug(db, slug, now);
    if (movedTo !== undefined) return { kind: 'moved' as const, path: articlePath(movedTo) };
    throw new NotFound('No published article has this address.');
  }
  return { kind: 'article' as const, ...(await articlePageOf(db, row, now)) };
}

/**
 * An article of any status as its reader page will show it (preview links): the same model the
 * live page renders, so that the preview is the page.
 */
export async function getArticlePreview(db: DbOrTrx, clock: Clock, id: number) {
  const row = await repo.findAnyById(db, id);
  if (row === undefined) return undefined;
  return articlePageOf(db, row, clock().toISOString());
}

async function articlePageOf(db: DbOrTrx, row: repo.SummaryRow & { body: string }, now: string) {
  const article = await detailOf(db, row);
  const related = await repo.findRelated(
    db,
    {
      id: row.id,
      tagIds: article.tags.map((t) => t.id),
      showIds: article.shows.map((s) => s.id),
      personIds: article.people.map((p) => p.id),
    },
    now,
    4,
  );
  const body = await loadBodyContext(db, article.body, now);
  return { article, body, related: related.map(toSummary) };
}

/** A published article by id (Content API). */
export async function getPublishedArticle(
  db: DbOrTrx,
  clock: Clock,
  id: number,
): Promise<ArticleDetail> {
  const row = await repo.findPublishedById(db, id, clock().toISOString());
  if (row === undefined) throw new NotFound('No published article has this id.');
  return detailOf(db, row);
}

/** A tag page, or where its slug leads now that the tag was renamed or merged away. */
export async function getTagPage(db: DbOrTrx, clock: Clock, slug: string, page: Page) {
  const tag = await repo.findTagBySlug(db, slug);
  if (tag === undefined) {
    const movedTo = await findTagRedirect(db, slug);
    if (movedTo !== undefined) return { kind: 'moved' as const, slug: movedTo };
    throw new NotFound('There is no tag with this name.');
  }
  const list = await pageOfArticles(db, clock, { kind: 'tag', tagId: tag.id }, page);
  return { kind: 'tag' as const, tag, ...list };
}

export async function getStaticPage(db: DbOrTrx, clock: Clock, slug: string) {
  const page = await repo.findPublishedPageBySlug(db, slug);
  if (page === undefined) throw new NotFound();
  const blocks = parseBody(page.body);
  return { page, blocks, body: await loadBodyContext(db, blocks, clock().toISOString()) };
}

export interface NewArticle {
  title: string;
  dek?: string;
  body: Block[];
  status: ArticleStatus;
  publishedAt?: string;
  slug?: string;
  authorId?: number | null;
  featureImageId?: number | null;
  tags?: { slug?: string; name: string }[];
  showIds?: number[];
  personIds?: number[];
  groupIds?: number[];
  characterIds?: number[];
  commentsEnabled?: boolean;
}

/**
 * Creates an article with its tags and entity links. Call inside a transaction: on any failure
 * nothing is written.
 */
export async function createArticle(
  trx: DbOrTrx,
  clock: Clock,
  input: NewArticle,
): Promise<number> {
  const now = clock().toISOString();
  const title = input.title.trim();
  if (title === '') throw new ValidationFailed('An article needs a title.', 'title');
  if (input.status === 'scheduled' && input.publishedAt === undefined) {
    throw new ValidationFailed('A scheduled article needs published_at.', 'published_at');
  }
  const base = input.slug !== undefined ? slugify(input.slug) : slugify(title);
  const slug = await uniqueSlug(base, (s) => repo.isArticleSlugTaken(trx, s), 'article');
  const id = await repo.insertArticle(trx, {
    slug,
    title,
    dek: input.dek?.trim() ?? '',
    body: JSON.stringify(input.body),
    author_id: input.authorId ?? null,
    status: input.status,
    published_at: input.publishedAt ?? (input.status === 'published' ? now : null),
    feature_image_id: input.featureImageId ?? null,
    comments_enabled: input.commentsEnabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  });
  await trx
    .insertInto('article_revisions')
    .values({
      article_id: id,
      title,
      dek: input.dek ?? '',
      body: JSON.stringify(input.body),
      author_id: input.authorId ?? null,
      created_at: now,
    })
    .execute();
  let position = 0;
  for (const tag of input.tags ?? []) {
    const tagId = await repo.ensureTag(trx, tag.slug ?? tagSlug(tag.name), tag.name.trim(), now);
    await trx
      .insertInto('article_tags')
      .values({ article_id: id, tag_id: tagId, position: position++ })
      .onConflict((oc) => oc.doNothing())
      .execute();
  }
  const links = (ids: number[] | undefined) =>
    (ids ?? []).map((entityId) => ({ article_id: id, entityId }));
  for (const { article_id, entityId } of links(input.showIds)) {
    await trx.insertInto('article_shows').values({ article_id, show_id: entityId }).execute();
  }
  for (const { article_id, entityId } of links(input.personIds)) {
    await trx.insertInto('article_people').values({ article_id, person_id: entityId }).execute();
  }
  for (const { article_id, entityId } of links(input.groupIds)) {
    await trx.insertInto('article_groups').values({ article_id, group_id: entityId }).execute();
  }
  for (const { article_id, entityId } of links(input.characterIds)) {
    await trx
      .insertInto('article_characters')
      .values({ article_id, character_id: entityId })
      .execute();
  }
  await reindexArticle(trx, id);
  return id;
}

/** The bodies of several articles at once (feeds), by id. */
export async function listArticleBodies(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, Block[]>> {
  if (ids.length === 0) return new Map();
  const rows = await repo.findBodies(db, ids);
  return new Map(rows.map((row) => [row.id, parseBody(row.body)]));
}

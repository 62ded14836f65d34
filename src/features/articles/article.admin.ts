import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { Conflict, NotFound, ValidationFailed } from '../../lib/errors.js';
import { SLUG_PATTERN, slugify, tagSlug } from '../../lib/slug.js';
import { toStoredInstant } from '../../lib/time.js';
import { reindexArticle, removeArticle } from '../search/index.js';
import { emitWebhook, type WebhookEvent } from '../webhooks/index.js';
import { toSummary } from './article.presenter.js';
import * as repo from './article.repository.js';
import { recordRevision, revisionMade } from './article.revisions.js';
import { detailOf } from './article.detail.js';
import {
  checkedSocialImage,
  checkedAuthor,
  findCoauthorIds,
  recordSlugChange,
  setCoauthors,
} from './article.settings.js';
import type { ArticleStatus } from './article.table.js';
import type { Writer } from './article.policy.js';
import { resolveBody } from './article.body-input.js';
import type { Block } from './blocks.js';
import { checkedFeatureImage, checkUpdated, checkVersion, nextVersion } from './article.version.js';
import type { LinkReport } from './html-links.js';
import {
  findRejectedMentions,
  setRejectedMentions,
  syncMentionLinks,
  type EntityRef,
} from './mention-links.js';

/*
 * Staff-side use-cases for articles (Admin API): any status, settings, revisions.
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
  feature_image_caption?: string;
  feature_image_credit?: string;
  /** The title for search engines and link previews; '' uses the title. */
  seo_title?: string;
  /** The description for search engines and link previews; '' uses the dek. */
  seo_description?: string;
  /** A media library picture for link previews; null uses the feature image. */
  social_image_id?: number | null;
  /** The staff member who owns the article and is named first in the byline. */
  author_id?: number;
  /** Staff who wrote it with the author, in byline order (replaces the stored list). */
  coauthor_ids?: number[];
  /** The editor's background save: it joins the writer's autosave revision. */
  autosave?: boolean;
  /** A name for the revision an explicit save makes. */
  revision_label?: string;
  /** Set by a restore (never by the API): when the restored revision was made. */
  restored_from?: string;
  /** The version the writer last read; a write on a newer version is refused (409). */
  updated_at?: string;
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
  // Published now: a scheduled article's time to come becomes now.
  if (status === 'published') return current !== null && current <= now ? current : now;
  return requested === null ? null : current;
}

/**
 * A published article is dated when it went live, which can be set back (an article moved
 * over from elsewhere, a correction of the record) but not forward: a future date would hide
 * it from readers while it still says published, which is what scheduling is for.
 */
function checkedPublicationTime(status: ArticleStatus, at: string | null, now: string) {
  if (status === 'published' && at !== null && at > now) {
    throw new ValidationFailed(
      'A published article cannot be dated in the future: schedule it for that time instead.',
      'published_at',
    );
  }
  return at;
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
    requested = requested.normalize('NFC');
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

/** A caption or credit as shown: one line, NFC, no control characters. */
function oneLine(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Creates an article from Admin API input. @returns its id */
export async function createFromInput(
  trx: DbOrTrx,
  clock: Clock,
  input: ArticleInput,
  writer: Writer,
  links?: LinkReport,
): Promise<number> {
  const authorId =
    input.author_id === undefined ? writer.authorId : await checkedAuthor(trx, input.author_id);
  const now = clock().toISOString();
  const title = (input.title ?? '').normalize('NFC').trim();
  if (title === '') throw new ValidationFailed('An article needs a title.', 'title');
  const status = input.status ?? 'draft';
  const body = (await resolveBody(trx, input, now, links)) ?? [];
  const publishedAt = checkedPublicationTime(
    status,
    publicationTime(status, input.published_at, null, now),
    now,
  );
  const id = await repo.insertArticle(trx, {
    slug: await checkedSlug(trx, input.slug, title),
    title,
    dek: (input.dek ?? '').normalize('NFC').trim(),
    body: JSON.stringify(body),
    author_id: authorId,
    api_key_id: writer.apiKeyId,
    status,
    published_at: publishedAt,
    feature_image_id: await checkedFeatureImage(trx, input.feature_image_id ?? null),
    social_image_id: await checkedSocialImage(trx, input.social_image_id ?? null),
    feature_image_caption: oneLine(input.feature_image_caption ?? ''),
    feature_image_credit: oneLine(input.feature_image_credit ?? ''),
    seo_title: (input.seo_title ?? '').normalize('NFC').trim(),
    seo_description: (input.seo_description ?? '').normalize('NFC').trim(),
    comments_enabled: input.comments_enabled === false ? 0 : 1,
    created_at: now,
    updated_at: now,
  });
  await recordRevision(
    trx,
    id,
    authorId,
    now,
    revisionMade(undefined, { status, published_at: publishedAt }, input),
  );
  if (input.coauthor_ids) await setCoauthors(trx, id, authorId, input.coauthor_ids);
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
  const socialImage =
    input.social_image_id === undefined
      ? undefined
      : await checkedSocialImage(trx, input.social_image_id);
  const slug = input.slug === undefined ? undefined : await checkedSlug(trx, input.slug, title, id);
  const authorId =
    input.author_id === undefined || input.author_id === current.author_id
      ? undefined
      : await checkedAuthor(trx, input.author_id);
  const publishedAt = checkedPublicationTime(
    status,
    publicationTime(status, input.published_at, current.published_at, now),
    now,
  );
  const updated = await trx
    .updateTable('articles')
    .set({
      title,
      ...(slug !== undefined && { slug }),
      ...(input.dek !== undefined && { dek: input.dek.normalize('NFC').trim() }),
      ...(input.seo_title !== undefined && { seo_title: input.seo_title.normalize('NFC').trim() }),
      ...(input.feature_image_caption !== undefined && {
        feature_image_caption: oneLine(input.feature_image_caption),
      }),
      ...(input.feature_image_credit !== undefined && {
        feature_image_credit: oneLine(input.feature_image_credit),
      }),
      ...(input.seo_description !== undefined && {
        seo_description: input.seo_description.normalize('NFC').trim(),
      }),
      ...(socialImage !== undefined && { social_image_id: socialImage }),
      ...(body !== undefined && { body: JSON.stringify(body) }),
      ...(input.comments_enabled !== undefined && {
        comments_enabled: input.comments_enabled ? 1 : 0,
      }),
      ...(featureImage !== undefined && { feature_image_id: featureImage }),
      ...(authorId !== undefined && { author_id: authorId }),
      status,
      published_at: publishedAt,
      updated_at: nextVersion(now, current.updated_at),
    })
    .where('id', '=', id)
    .where('updated_at', '=', current.updated_at)
    .executeTakeFirstOrThrow();
  checkUpdated(updated, current.updated_at);
  if (slug !== undefined) {
    const wasPublished = current.status === 'published';
    await recordSlugChange(trx, id, { from: current.slug, to: slug, wasPublished }, now);
  }
  if (input.coauthor_ids || authorId !== undefined) {
    // A new author leaves the co-authors' list if they were on it.
    const coauthors = input.coauthor_ids ?? (await findCoauthorIds(trx, id));
    await setCoauthors(trx, id, authorId ?? current.author_id, coauthors);
  }
  if (input.tags) await setTags(trx, id, input.tags, now);
  if (body !== undefined) await syncMentionLinks(trx, id, body);
  if (input.rejected_mentions) await setRejectedMentions(trx, id, input.rejected_mentions, now);
  await recordRevision(
    trx,
    id,
    editorId,
    now,
    revisionMade(current, { status, published_at: publishedAt }, input),
  );
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

/** An article of any status with its co-authors: what the editing policy decides on. */
export async function findForEdit(db: DbOrTrx, id: number) {
  const row = await findAnyStatus(db, id);
  return { ...row, coauthor_ids: await findCoauthorIds(db, id) };
}

/** An article of any status, as the Admin API shows it. */
export async function findAnyStatus(db: DbOrTrx, id: number) {
  const row = await repo.findAnyById(db, id);
  if (row === undefined) throw new NotFound(`There is no article ${id}.`);
  return row;
}

export async function adminDetail(db: DbOrTrx, id: number) {
  return detailOf(db, await findAnyStatus(db, id));
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

import { sql } from 'kysely';
import type { DbOrTrx } from '../../db/database.js';

/*
 * Tags and authors as readers see them: a tag or an author appears once at least one published
 * article carries it, and counts cover published articles only. The Content API and the reader
 * pages (/tags, /authors/:slug) share these queries.
 */

function publishedCount() {
  return sql<number>`count(distinct articles.id)`.as('article_count');
}

/** Tags with published articles, with how many each has. */
export function publicTagsQuery(db: DbOrTrx, now: string) {
  return db
    .selectFrom('tags')
    .innerJoin('article_tags', 'article_tags.tag_id', 'tags.id')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .select(['tags.id', 'tags.slug', 'tags.name', 'tags.description', publishedCount()])
    .groupBy(['tags.id', 'tags.slug', 'tags.name', 'tags.description']);
}

/** Staff who wrote at least one published article, with how many. */
export function publicAuthorsQuery(db: DbOrTrx, now: string) {
  return db
    .selectFrom('users')
    .innerJoin('articles', 'articles.author_id', 'users.id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .select(['users.id', 'users.slug', 'users.name', 'users.bio', publishedCount()])
    .groupBy(['users.id', 'users.slug', 'users.name', 'users.bio']);
}

export type PublicTagRow = Awaited<
  ReturnType<ReturnType<typeof publicTagsQuery>['executeTakeFirstOrThrow']>
>;
export type PublicAuthorRow = Awaited<
  ReturnType<ReturnType<typeof publicAuthorsQuery>['executeTakeFirstOrThrow']>
>;

/** How many tags have published articles. */
export async function countPublicTags(db: DbOrTrx, now: string): Promise<number> {
  const row = await db
    .selectFrom('article_tags')
    .innerJoin('articles', 'articles.id', 'article_tags.article_id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .select(sql<number | string>`count(distinct article_tags.tag_id)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** How many staff have published articles. */
export async function countPublicAuthors(db: DbOrTrx, now: string): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now)
    .where('articles.author_id', 'is not', null)
    .select(sql<number | string>`count(distinct articles.author_id)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One page of the tags with published articles, by name. */
export function listPublicTags(
  db: DbOrTrx,
  now: string,
  page: { limit: number; offset: number },
): Promise<PublicTagRow[]> {
  return publicTagsQuery(db, now)
    .orderBy('tags.name')
    .orderBy('tags.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** One page of the authors of published articles, by name. */
export function listPublicAuthors(
  db: DbOrTrx,
  now: string,
  page: { limit: number; offset: number },
): Promise<PublicAuthorRow[]> {
  return publicAuthorsQuery(db, now)
    .orderBy('users.name')
    .orderBy('users.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** An author of published articles by slug; undefined for anyone else (staff who never wrote). */
export function findPublicAuthor(
  db: DbOrTrx,
  slug: string,
  now: string,
): Promise<PublicAuthorRow | undefined> {
  return publicAuthorsQuery(db, now).where('users.slug', '=', slug).executeTakeFirst();
}

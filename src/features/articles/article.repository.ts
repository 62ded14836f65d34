import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import type { ArticleFilter } from './article.model.js';
import type { ArticleStatus, NewArticleRow } from './article.table.js';

type ArticlesQuery<O> = SelectQueryBuilder<Database, 'articles', O>;

/** Readers see an article once it is published and its publication time has come. */
function isPublic(now: string) {
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    eb.and([eb('articles.status', '=', 'published'), eb('articles.published_at', '<=', now)]);
}

/** Narrows a query on articles to those about one tag, show or person. */
function about<O>(query: ArticlesQuery<O>, filter: ArticleFilter): ArticlesQuery<O> {
  switch (filter.kind) {
    case 'all':
      return query;
    case 'tag':
      return query.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', filter.tagId),
      );
    case 'show':
      return query.where('articles.id', 'in', (eb) =>
        eb.selectFrom('article_shows').select('article_id').where('show_id', '=', filter.showId),
      );
    case 'person':
      return query.where('articles.id', 'in', (eb) =>
        eb
          .selectFrom('article_people')
          .select('article_id')
          .where('person_id', '=', filter.personId),
      );
  }
}

/** The columns every list of articles needs, with author, image and approved-comment count. */
function summaryColumns(db: DbOrTrx) {
  return db
    .selectFrom('articles')
    .leftJoin('users', 'users.id', 'articles.author_id')
    .leftJoin('media', 'media.id', 'articles.feature_image_id')
    .select((eb) => [
      'articles.id',
      'articles.slug',
      'articles.title',
      'articles.dek',
      'articles.status',
      'articles.published_at',
      'articles.updated_at',
      'articles.comments_enabled',
      'users.name as author_name',
      'users.slug as author_slug',
      'media.path as image_path',
      'media.alt as image_alt',
      'media.width as image_width',
      'media.height as image_height',
      eb
        .selectFrom('comments')
        .select((c) => c.fn.countAll<number>().as('n'))
        .whereRef('comments.article_id', '=', 'articles.id')
        .where('comments.status', '=', 'approved')
        .as('comment_count'),
    ]);
}

export type SummaryRow = Awaited<
  ReturnType<ReturnType<typeof summaryColumns>['executeTakeFirstOrThrow']>
>;

/** Published articles, newest first. */
export function listPublished(
  db: DbOrTrx,
  filter: ArticleFilter,
  page: { limit: number; offset: number; now: string; excludeId?: number },
): Promise<SummaryRow[]> {
  let query = about(summaryColumns(db).where(isPublic(page.now)), filter);
  if (page.excludeId !== undefined) query = query.where('articles.id', '!=', page.excludeId);
  return query
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

/** How many published articles a filter matches. */
export async function countPublished(
  db: DbOrTrx,
  filter: ArticleFilter,
  now: string,
): Promise<number> {
  const row = await about(
    db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where(isPublic(now)),
    filter,
  ).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A published article by slug, with body. */
export function findPublishedBySlug(db: DbOrTrx, slug: string, now: string) {
  return summaryColumns(db)
    .select('articles.body')
    .where('articles.slug', '=', slug)
    .where(isPublic(now))
    .executeTakeFirst();
}

/** A published article by id, with body. */
export function findPublishedById(db: DbOrTrx, id: number, now: string) {
  return summaryColumns(db)
    .select('articles.body')
    .where('articles.id', '=', id)
    .where(isPublic(now))
    .executeTakeFirst();
}

/** Tags, shows and people an article is linked to, in display order. */
export async function findArticleLinks(db: DbOrTrx, articleId: number) {
  const [tags, shows, people] = await Promise.all([
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['tags.id', 'tags.slug', 'tags.name'])
      .where('article_tags.article_id', '=', articleId)
      .orderBy('article_tags.position')
      .execute(),
    db
      .selectFrom('article_shows')
      .innerJoin('shows', 'shows.id', 'article_shows.show_id')
      .select(['shows.id', 'shows.slug', 'shows.title'])
      .where('article_shows.article_id', '=', articleId)
      .orderBy('shows.title')
      .execute(),
    db
      .selectFrom('article_people')
      .innerJoin('people', 'people.id', 'article_people.person_id')
      .select(['people.id', 'people.slug', 'people.name', 'people.name_ko'])
      .where('article_people.article_id', '=', articleId)
      .orderBy('people.name')
      .execute(),
  ]);
  return { tags, shows, people };
}

/**
 * Published articles that share a tag, show or person with the given one, most shared first,
 * then newest. Two bounded queries: candidates come from the link tables' indexes (never a scan
 * of all articles), then their summaries.
 */
export async function findRelated(db: DbOrTrx, articleId: number, now: string, limit: number) {
  const candidates = await sql<{ article_id: number; shared: number }>`
    select c.article_id, count(*) as shared
    from (
      select b.article_id from article_tags a join article_tags b on b.tag_id = a.tag_id
        where a.article_id = ${articleId}
      union all
      select b.article_id from article_shows a join article_shows b on b.show_id = a.show_id
        where a.article_id = ${articleId}
      union all
      select b.article_id from article_people a join article_people b on b.person_id = a.person_id
        where a.article_id = ${articleId}
    ) c
    join articles on articles.id = c.article_id
    where c.article_id <> ${articleId}
      and articles.status = 'published' and articles.published_at <= ${now}
    group by c.article_id, articles.published_at
    order by shared desc, articles.published_at desc, c.article_id desc
    limit ${limit}`.execute(db);
  const ids = candidates.rows.map((row) => Number(row.article_id));
  if (ids.length === 0) return [];
  const rows = await summaryColumns(db).where('articles.id', 'in', ids).execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

export function findTagBySlug(db: DbOrTrx, slug: string) {
  return db.selectFrom('tags').selectAll().where('slug', '=', slug).executeTakeFirst();
}

export function findPublishedPageBySlug(db: DbOrTrx, slug: string) {
  return db
    .selectFrom('pages')
    .selectAll()
    .where('slug', '=', slug)
    .where('status', '=', 'published')
    .executeTakeFirst();
}

/** Slugs of the entities mentioned in a body, to turn mentions into links in one query per kind. */
export async function findMentionTargets(
  db: DbOrTrx,
  ids: { show: number[]; person: number[]; group: number[]; character: number[]; event: number[] },
) {
  const none = Promise.resolve([]);
  const [shows, people, groups, characters, events] = await Promise.all([
    ids.show.length
      ? db.selectFrom('shows').select(['id', 'slug']).where('id', 'in', ids.show).execute()
      : none,
    ids.person.length
      ? db.selectFrom('people').select(['id', 'slug']).where('id', 'in', ids.person).execute()
      : none,
    ids.group.length
      ? db.selectFrom('groups').select(['id', 'slug']).where('id', 'in', ids.group).execute()
      : none,
    ids.character.length
      ? db
          .selectFrom('characters')
          .innerJoin('shows', 'shows.id', 'characters.show_id')
          .select(['characters.id', 'shows.slug as slug'])
          .where('characters.id', 'in', ids.character)
          .execute()
      : none,
    ids.event.length
      ? db.selectFrom('events').select(['id', 'slug']).where('id', 'in', ids.event).execute()
      : none,
  ]);
  return { shows, people, groups, characters, events };
}

export async function isArticleSlugTaken(db: DbOrTrx, slug: string): Promise<boolean> {
  const row = await db
    .selectFrom('articles')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertArticle(db: DbOrTrx, row: NewArticleRow): Promise<number> {
  const inserted = await db
    .insertInto('articles')
    .values(row)
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** Finds a tag by slug or creates it. */
export async function ensureTag(
  db: DbOrTrx,
  slug: string,
  name: string,
  now: string,
): Promise<number> {
  const existing = await db
    .selectFrom('tags')
    .select('id')
    .where('slug', '=', slug)
    .executeTakeFirst();
  if (existing) return existing.id;
  const inserted = await db
    .insertInto('tags')
    .values({ slug, name, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/** An article of any status, with body (Admin API). */
export function findAnyById(db: DbOrTrx, id: number) {
  return summaryColumns(db)
    .select(['articles.body', 'articles.author_id'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
}

/** Articles of any status (or one status), most recently changed first (Admin API). */
export function listAnyStatus(
  db: DbOrTrx,
  page: { status: ArticleStatus | undefined; limit: number; offset: number },
): Promise<SummaryRow[]> {
  return summaryColumns(db)
    .$if(page.status !== undefined, (q) =>
      q.where('articles.status', '=', page.status as ArticleStatus),
    )
    .orderBy('articles.updated_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function countAnyStatus(
  db: DbOrTrx,
  status: ArticleStatus | undefined,
): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .$if(status !== undefined, (q) => q.where('status', '=', status as ArticleStatus))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Stored bodies of the given articles (JSON text), in one query. */
export function findBodies(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('articles')
    .select(['id', 'body'])
    .where('id', 'in', [...ids])
    .execute();
}

import { sql, type ExpressionBuilder, type SelectQueryBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import { preparedQuery } from '../../db/prepared.js';
import type { ArticleFilter } from './article.model.js';
import type { NewArticleRow } from './article.table.js';

type ArticlesQuery<O> = SelectQueryBuilder<Database, 'articles', O>;

/** Readers see an article once it is published and its publication time has come. */
function isPublic(now: string) {
  return (eb: ExpressionBuilder<Database, 'articles'>) =>
    eb.and([eb('articles.status', '=', 'published'), eb('articles.published_at', '<=', now)]);
}

/** Narrows a query on articles to those about one tag, show or person, or by one author. */
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
    case 'author':
      return query.where('articles.author_id', '=', filter.authorId);
  }
}

/** The columns every list of articles needs, with author, image and approved-comment count. */
export function summaryColumns(db: DbOrTrx) {
  return db
    .selectFrom('articles')
    .leftJoin('users', 'users.id', 'articles.author_id')
    .leftJoin('media', 'media.id', 'articles.feature_image_id')
    .select([
      'articles.id',
      'articles.slug',
      'articles.title',
      'articles.dek',
      'articles.status',
      'articles.published_at',
      'articles.updated_at',
      'articles.comments_enabled',
      'articles.featured',
      'articles.seo_title',
      'articles.seo_description',
      'articles.social_image_id',
      'articles.feature_image_caption',
      'articles.feature_image_credit',
      'users.id as author_user_id',
      'users.name as author_name',
      'users.slug as author_slug',
      'media.path as image_path',
      'media.alt as image_alt',
      'media.width as image_width',
      'media.height as image_height',
      'media.id as image_id',
      'media.widths as image_widths',
      'media.focal_x as image_focal_x',
      'media.focal_y as image_focal_y',
      'articles.comment_count',
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

/** The newest published articles marked featured (WordPress's sticky posts), for the home page. */
export function listFeatured(db: DbOrTrx, now: string, limit: number): Promise<SummaryRow[]> {
  return summaryColumns(db)
    .where(isPublic(now))
    .where('articles.featured', '=', 1)
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
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

const publishedBySlug = preparedQuery((db, args: { slug: string; now: string }) =>
  summaryColumns(db)
    .select('articles.body')
    // By id, found from the slug in a subquery: joining users and media straight from the slug
    // index made SQLite take three times as long (27 against 8 µs at 100,000 articles).
    .where('articles.id', '=', (eb) =>
      eb
        .selectFrom('articles as by_slug')
        .select('by_slug.id')
        .where('by_slug.slug', '=', args.slug),
    )
    .where(isPublic(args.now)),
);

/** A published article by slug, with body. */
export async function findPublishedBySlug(db: DbOrTrx, slug: string, now: string) {
  const [row] = await publishedBySlug(db, { slug, now });
  return row;
}

/** A published article by id, with body. */
export function findPublishedById(db: DbOrTrx, id: number, now: string) {
  return summaryColumns(db)
    .select('articles.body')
    .where('articles.id', '=', id)
    .where(isPublic(now))
    .executeTakeFirst();
}

/**
 * Tags, shows and people an article is linked to, and its co-authors, in display order (tags
 * and co-authors as placed, shows by title, people by name, compared by code point), in one
 * statement: every article page and API item reads them.
 */
export async function findArticleLinks(db: DbOrTrx, articleId: number) {
  const rows = (await articleLinks(db, { articleId })).sort(
    (a, b) =>
      (a.position ?? 0) - (b.position ?? 0) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  const of = (kind: (typeof rows)[number]['kind']) => rows.filter((row) => row.kind === kind);
  return {
    tags: of('tag').map(({ id, slug, name }) => ({ id, slug, name })),
    shows: of('show').map(({ id, slug, name }) => ({ id, slug, title: name })),
    people: of('person').map(({ id, slug, name, name_ko }) => ({ id, slug, name, name_ko })),
    coauthors: of('coauthor').map(({ id, slug, name }) => ({ id, slug, name })),
  };
}

const articleLinks = preparedQuery(
  (db, { articleId }: { articleId: number }) =>
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select([
        sql<'tag' | 'show' | 'person' | 'coauthor'>`'tag'`.as('kind'),
        'tags.id',
        'tags.slug',
        'tags.name',
        sql<string | null>`null`.as('name_ko'),
        sql<number | null>`article_tags.position`.as('position'),
      ])
      .where('article_tags.article_id', '=', articleId)
      .unionAll(
        db
          .selectFrom('article_shows')
          .innerJoin('shows', 'shows.id', 'article_shows.show_id')
          .select([
            sql<'show'>`'show'`.as('kind'),
            'shows.id',
            'shows.slug',
            'shows.title as name',
            sql<null>`null`.as('name_ko'),
            sql<null>`null`.as('position'),
          ])
          .where('article_shows.article_id', '=', articleId),
      )
      .unionAll(
        db
          .selectFrom('article_people')
          .innerJoin('people', 'people.id', 'article_people.person_id')
          .select([
            sql<'person'>`'person'`.as('kind'),
            'people.id',
            'people.slug',
            'people.name',
            'people.name_ko',
            sql<null>`null`.as('position'),
          ])
          .where('article_people.article_id', '=', articleId),
      )
      .unionAll(
        db
          .selectFrom('article_coauthors')
          .innerJoin('users', 'users.id', 'article_coauthors.user_id')
          .select([
            sql<'coauthor'>`'coauthor'`.as('kind'),
            'users.id',
            'users.slug',
            'users.name',
            sql<null>`null`.as('name_ko'),
            sql<number | null>`article_coauthors.position`.as('position'),
          ])
          .where('article_coauthors.article_id', '=', articleId),
      ),
  // Ordered below: sorting six rows in JS costs less than SQLite's sorter (42 → 33 µs).
);

/** How many of the latest articles of each shared tag, show or person are weighed for "related". */
const RELATED_PER_LINK = 30;
const RELATED_BATCH = 12;
/** Links weighed at most (an article tagged with everything is still one short statement). */
const MAX_RELATED_LINKS = 24;

const summariesByIds = preparedQuery((db, { ids }: { ids: number[] }) =>
  summaryColumns(db).where('articles.id', 'in', ids),
);

/**
 * Articles that share the most tags, shows and people with this one, newest first among equals.
 * Only the latest RELATED_PER_LINK articles of each link are weighed, each read from the end of
 * a (link, article) index, so the cost stays the same however many articles a big tag has.
 */
export async function findRelated(
  db: DbOrTrx,
  article: { id: number; tagIds: number[]; showIds: number[]; personIds: number[] },
  now: string,
  limit: number,
) {
  const latest = (table: string, column: string, id: number) =>
    sql`select article_id from (select article_id from ${sql.table(table)}
      where ${sql.ref(column)} = ${id} and article_id <> ${article.id}
      order by article_id desc limit ${RELATED_PER_LINK}) as latest`;
  const arms = [
    ...article.tagIds.map((id) => latest('article_tags', 'tag_id', id)),
    ...article.showIds.map((id) => latest('article_shows', 'show_id', id)),
    ...article.personIds.map((id) => latest('article_people', 'person_id', id)),
  ].slice(0, MAX_RELATED_LINKS);
  if (arms.length === 0) return [];
  // One statement: on PostgreSQL each query is a round trip, and an article links many people.
  const linked = await sql<{ article_id: number }>`${sql.join(arms, sql` union all `)}`.execute(db);
  const shared = new Map<number, number>();
  for (const { article_id } of linked.rows) {
    const id = Number(article_id);
    shared.set(id, (shared.get(id) ?? 0) + 1);
  }
  if (shared.size === 0) return [];
  // The most shared, then the latest (ids grow with time), are read in small batches until
  // `limit` of them are public; a batch is then ordered by shared links and publication time.
  // Reading the status of every candidate instead costs a row lookup each, bodies included.
  const ranked = [...shared.keys()].sort(
    (a, b) => (shared.get(b) ?? 0) - (shared.get(a) ?? 0) || b - a,
  );
  const found: Awaited<ReturnType<ReturnType<typeof summaryColumns>['execute']>> = [];
  for (let from = 0; from < ranked.length && found.length < limit; from += RELATED_BATCH) {
    const rows = await summariesByIds(db, { ids: ranked.slice(from, from + RELATED_BATCH) });
    found.push(
      ...rows
        .filter(
          (row) =>
            row.status === 'published' && row.published_at !== null && row.published_at <= now,
        )
        .sort(
          (a, b) =>
            (shared.get(b.id) ?? 0) - (shared.get(a.id) ?? 0) ||
            (b.published_at ?? '').localeCompare(a.published_at ?? '') ||
            b.id - a.id,
        ),
    );
  }
  return found.slice(0, limit);
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

/** The slugs of the shows, people, groups or events with these ids. */
const slugsOf = (table: 'shows' | 'people' | 'groups' | 'events') =>
  preparedQuery((db, { ids }: { ids: number[] }) =>
    db.selectFrom(table).select(['id', 'slug']).where('id', 'in', ids),
  );
const showSlugs = slugsOf('shows');
const personSlugs = slugsOf('people');
const groupSlugs = slugsOf('groups');
const eventSlugs = slugsOf('events');
/** A character links to its show's page. */
const characterShowSlugs = preparedQuery((db, { ids }: { ids: number[] }) =>
  db
    .selectFrom('characters')
    .innerJoin('shows', 'shows.id', 'characters.show_id')
    .select(['characters.id', 'shows.slug as slug'])
    .where('characters.id', 'in', ids),
);

/** Slugs of the entities mentioned in a body, to turn mentions into links in one query per kind. */
export async function findMentionTargets(
  db: DbOrTrx,
  ids: { show: number[]; person: number[]; group: number[]; character: number[]; event: number[] },
) {
  const lookUp = (
    query: typeof characterShowSlugs,
    of: number[],
  ): Promise<{ id: number; slug: string }[]> =>
    of.length === 0 ? Promise.resolve([]) : query(db, { ids: of });
  const [shows, people, groups, characters, events] = await Promise.all([
    lookUp(showSlugs, ids.show),
    lookUp(personSlugs, ids.person),
    lookUp(groupSlugs, ids.group),
    lookUp(characterShowSlugs, ids.character),
    lookUp(eventSlugs, ids.event),
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
  // A tag renamed or merged away keeps its old slug as a redirect: a writer who types the old
  // name means the tag it leads to, and a new tag there would take over the old URL.
  const moved = await db
    .selectFrom('tag_redirects')
    .select('tag_id')
    .where('from_slug', '=', slug)
    .executeTakeFirst();
  if (moved) return moved.tag_id;
  const inserted = await db
    .insertInto('tags')
    .values({ slug, name, created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return inserted.id;
}

/**
 * The published article that used to have this slug, by its current slug: the old address of a
 * renamed article leads there.
 */
export async function findMovedSlug(
  db: DbOrTrx,
  slug: string,
  now: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('articles')
    .select('articles.slug')
    .where('articles.id', '=', (eb) =>
      eb.selectFrom('article_slug_redirects').select('article_id').where('from_slug', '=', slug),
    )
    .where(isPublic(now))
    .executeTakeFirst();
  return row?.slug;
}

/** An article of any status, with body (Admin API). */
export function findAnyById(db: DbOrTrx, id: number) {
  return summaryColumns(db)
    .select(['articles.body', 'articles.author_id', 'articles.api_key_id'])
    .where('articles.id', '=', id)
    .executeTakeFirst();
}

/** Stored bodies of the given articles (JSON text), in one query. */
export function findBodies(db: DbOrTrx, ids: readonly number[]) {
  return db
    .selectFrom('articles')
    .select(['id', 'body'])
    .where('id', 'in', [...ids])
    .execute();
}

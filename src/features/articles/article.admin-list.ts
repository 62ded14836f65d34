import { sql, type ExpressionBuilder } from 'kysely';
import type { Database, DbOrTrx } from '../../db/database.js';
import { ValidationFailed } from '../../lib/errors.js';
import { SLUG_PATTERN } from '../../lib/slug.js';
import { toSummary } from './article.presenter.js';
import { summaryColumns } from './article.repository.js';
import type { ArticleStatus } from './article.table.js';

/*
 * The newsroom's article list (Admin API): every status, filtered by status, author, tag, show
 * and words of the title, standfirst or slug, newest change or newest publication first.
 * Each filter is a condition on an indexed column or an indexed link table, and the two orders
 * have their own indexes (migration 2026-11-30T14-00-00), so a page never sorts the whole table.
 */

export type AdminSort = 'updated' | 'published';

export interface AdminListQuery {
  status?: ArticleStatus | undefined;
  authorId?: number | undefined;
  /** A tag's id (digits) or slug. */
  tag?: string | undefined;
  showId?: number | undefined;
  /** Words to find in the title, standfirst or slug. */
  q?: string | undefined;
  sort: AdminSort;
  page: number;
  limit: number;
}

/** The filters that name something, as found: the admin shows their names, not their ids. */
export interface ResolvedFilter {
  author: { id: number; name: string } | null;
  tag: { id: number; slug: string; name: string } | null;
  show: { id: number; slug: string; title: string } | null;
}

interface Conditions {
  status?: ArticleStatus | undefined;
  authorId?: number | undefined;
  tagId?: number | undefined;
  showId?: number | undefined;
  pattern?: string | undefined;
}

/** The tag parameter as a lookup; all digits is an id (a slug can be digits too: ids win). */
function tagLookup(raw: string): { id: number } | { slug: string } {
  const value = raw.trim();
  if (/^[1-9]\d{0,9}$/.test(value)) return { id: Number(value) };
  if (value.length <= 200 && SLUG_PATTERN.test(value)) return { slug: value.normalize('NFC') };
  throw new ValidationFailed('tag must be a tag id or slug, e.g. 12 or alchemy-of-souls.', 'tag');
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern for the search words, or undefined when there are none. */
function searchPattern(q: string | undefined): string | undefined {
  const words = (q ?? '').normalize('NFC').trim().toLowerCase().replace(/\s+/g, ' ');
  return words === '' ? undefined : `%${escapeLike(words)}%`;
}

function where(conditions: Conditions) {
  return (eb: ExpressionBuilder<Database, 'articles'>) => {
    const all = [];
    if (conditions.status !== undefined) {
      const narrower =
        conditions.authorId !== undefined ||
        conditions.tagId !== undefined ||
        conditions.showId !== undefined;
      // With an author, tag or show the list is theirs, read through their index. SQLite has no
      // statistics (Deho runs no ANALYZE) and would rather walk every article of the status by
      // date, so the status is compared through coalesce(), which no index serves.
      all.push(
        narrower
          ? eb(eb.fn.coalesce('articles.status', sql.lit('')), '=', conditions.status)
          : eb('articles.status', '=', conditions.status),
      );
    }
    if (conditions.authorId !== undefined)
      all.push(eb('articles.author_id', '=', conditions.authorId));
    if (conditions.tagId !== undefined) {
      const tagId = conditions.tagId;
      all.push(
        eb(
          'articles.id',
          'in',
          eb.selectFrom('article_tags').select('article_id').where('tag_id', '=', tagId),
        ),
      );
    }
    if (conditions.showId !== undefined) {
      const showId = conditions.showId;
      all.push(
        eb(
          'articles.id',
          'in',
          eb.selectFrom('article_shows').select('article_id').where('show_id', '=', showId),
        ),
      );
    }
    if (conditions.pattern !== undefined) {
      const pattern = conditions.pattern;
      // lower() on both sides: LIKE is case-sensitive on PostgreSQL and only ASCII-blind on SQLite.
      all.push(
        eb.or(
          (['articles.title', 'articles.dek', 'articles.slug'] as const).map(
            (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
          ),
        ),
      );
    }
    return eb.and(all);
  };
}

async function resolve(db: DbOrTrx, query: AdminListQuery): Promise<ResolvedFilter> {
  const tag = query.tag === undefined ? undefined : tagLookup(query.tag);
  const [author, tagRow, show] = await Promise.all([
    query.authorId === undefined
      ? undefined
      : db
          .selectFrom('users')
          .select(['id', 'name'])
          .where('id', '=', query.authorId)
          .executeTakeFirst(),
    tag === undefined
      ? undefined
      : db
          .selectFrom('tags')
          .select(['id', 'slug', 'name'])
          .$call((q) => ('id' in tag ? q.where('id', '=', tag.id) : q.where('slug', '=', tag.slug)))
          .executeTakeFirst(),
    query.showId === undefined
      ? undefined
      : db
          .selectFrom('shows')
          .select(['id', 'slug', 'title'])
          .where('id', '=', query.showId)
          .executeTakeFirst(),
  ]);
  return { author: author ?? null, tag: tagRow ?? null, show: show ?? null };
}

function pagination(query: AdminListQuery, total: number) {
  return {
    page: query.page,
    limit: query.limit,
    pages: Math.max(1, Math.ceil(total / query.limit)),
    total,
  };
}

/**
 * One page of the newsroom's list. A filter naming an author, tag or show that does not exist
 * matches nothing (a bookmarked list whose tag was deleted is empty, not an error).
 */
export async function adminList(db: DbOrTrx, query: AdminListQuery) {
  const found = await resolve(db, query);
  const missing =
    (query.authorId !== undefined && found.author === null) ||
    (query.tag !== undefined && found.tag === null) ||
    (query.showId !== undefined && found.show === null);
  if (missing) return { articles: [], pagination: pagination(query, 0), filter: found };
  const conditions: Conditions = {
    status: query.status,
    authorId: query.authorId,
    tagId: found.tag?.id,
    showId: query.showId,
    pattern: searchPattern(query.q),
  };
  const column = query.sort === 'published' ? 'articles.published_at' : 'articles.updated_at';
  const [rows, count] = await Promise.all([
    summaryColumns(db)
      .where(where(conditions))
      // Drafts have no publication time: last when sorting by it, on both databases.
      .orderBy(column, (ob) => ob.desc().nullsLast())
      .orderBy('articles.id', 'desc')
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
    db
      .selectFrom('articles')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where(where(conditions))
      .executeTakeFirstOrThrow(),
  ]);
  return {
    articles: rows.map(toSummary),
    pagination: pagination(query, Number(count.n)),
    filter: found,
  };
}

/** Tags for the newsroom's pickers: by name or slug, with how many articles of any status carry each. */
export async function adminTags(
  db: DbOrTrx,
  query: { q?: string | undefined; page: number; limit: number },
) {
  const pattern = searchPattern(query.q);
  const base = db
    .selectFrom('tags')
    .$if(pattern !== undefined, (q) =>
      q.where((eb) =>
        eb.or(
          (['tags.name', 'tags.slug'] as const).map(
            (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
          ),
        ),
      ),
    );
  const [rows, count] = await Promise.all([
    base
      .select((eb) => [
        'tags.id',
        'tags.slug',
        'tags.name',
        'tags.description',
        eb
          .selectFrom('article_tags')
          .select((c) => c.fn.countAll<number | string>().as('n'))
          .whereRef('article_tags.tag_id', '=', 'tags.id')
          .as('article_count'),
      ])
      .orderBy('tags.name')
      .orderBy('tags.id')
      .limit(query.limit)
      .offset((query.page - 1) * query.limit)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    tags: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      article_count: Number(row.article_count ?? 0),
    })),
    pagination: {
      page: query.page,
      limit: query.limit,
      pages: Math.max(1, Math.ceil(Number(count.n) / query.limit)),
      total: Number(count.n),
    },
  };
}

import type { DbOrTrx } from '../../db/database.js';

/*
 * Read-only queries for sitemaps and oEmbed. Only what readers can see: published articles
 * whose publication time has come, and tags that at least one of them carries.
 */

/** How many URLs one article sitemap lists (the protocol allows 50,000). */
export const SITEMAP_PAGE_SIZE = 10_000;

function publicArticles(db: DbOrTrx, now: string) {
  return db
    .selectFrom('articles')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', '<=', now);
}

export async function articleSitemapStats(db: DbOrTrx, now: string) {
  const row = await publicArticles(db, now)
    .select((eb) => [
      eb.fn.countAll<number>().as('n'),
      eb.fn.max('articles.updated_at').as('lastmod'),
    ])
    .executeTakeFirstOrThrow();
  return { count: Number(row.n), lastmod: row.lastmod ?? null };
}

export function articleSitemapPage(db: DbOrTrx, now: string, page: number) {
  return publicArticles(db, now)
    .leftJoin('media', 'media.id', 'articles.feature_image_id')
    .select(['articles.slug', 'articles.title', 'articles.updated_at', 'media.path as image_path'])
    .orderBy('articles.id')
    .limit(SITEMAP_PAGE_SIZE)
    .offset((page - 1) * SITEMAP_PAGE_SIZE)
    .execute();
}

/** Articles published since `since`, newest first (Google News: the last two days, ≤ 1,000). */
export function recentArticles(db: DbOrTrx, now: string, since: string) {
  return publicArticles(db, now)
    .where('articles.published_at', '>=', since)
    .select(['articles.slug', 'articles.title', 'articles.published_at', 'articles.updated_at'])
    .orderBy('articles.published_at', 'desc')
    .limit(1_000)
    .execute();
}

export function showEntries(db: DbOrTrx) {
  return db
    .selectFrom('shows')
    .select(['slug', 'updated_at'])
    .orderBy('id')
    .limit(50_000)
    .execute();
}

export function personEntries(db: DbOrTrx) {
  return db
    .selectFrom('people')
    .select(['slug', 'updated_at'])
    .orderBy('id')
    .limit(50_000)
    .execute();
}

export function groupEntries(db: DbOrTrx) {
  return db
    .selectFrom('groups')
    .select(['slug', 'updated_at'])
    .orderBy('id')
    .limit(50_000)
    .execute();
}

/**
 * Authors of published articles (the only staff with a page); lastmod is the newest change
 * among their articles or to their account (a new bio).
 */
export async function authorEntries(db: DbOrTrx, now: string) {
  const rows = await publicArticles(db, now)
    .innerJoin('users', 'users.id', 'articles.author_id')
    .select((eb) => [
      'users.slug',
      'users.updated_at as account_updated_at',
      eb.fn.max('articles.updated_at').as('articles_updated_at'),
    ])
    .groupBy(['users.slug', 'users.updated_at'])
    .orderBy('users.slug')
    .limit(50_000)
    .execute();
  return rows.map((row) => ({
    slug: row.slug,
    updated_at:
      row.articles_updated_at !== null && row.articles_updated_at > row.account_updated_at
        ? row.articles_updated_at
        : row.account_updated_at,
  }));
}

/** Tags with published articles; lastmod is the newest change among those articles. */
export function tagEntries(db: DbOrTrx, now: string) {
  return publicArticles(db, now)
    .innerJoin('article_tags', 'article_tags.article_id', 'articles.id')
    .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
    .select((eb) => ['tags.slug', eb.fn.max('articles.updated_at').as('updated_at')])
    .groupBy('tags.slug')
    .orderBy('tags.slug')
    .limit(50_000)
    .execute();
}

export function pageEntries(db: DbOrTrx) {
  return db
    .selectFrom('pages')
    .select(['slug', 'updated_at'])
    .where('status', '=', 'published')
    .orderBy('id')
    .limit(50_000)
    .execute();
}

/** A published article for oEmbed, with author and feature image. */
export function articleForEmbed(db: DbOrTrx, slug: string, now: string) {
  return publicArticles(db, now)
    .leftJoin('users', 'users.id', 'articles.author_id')
    .leftJoin('media', 'media.id', 'articles.feature_image_id')
    .select([
      'articles.slug',
      'articles.title',
      'articles.dek',
      'users.name as author_name',
      'media.path as image_path',
      'media.width as image_width',
      'media.height as image_height',
    ])
    .where('articles.slug', '=', slug)
    .executeTakeFirst();
}

import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { NotFound } from '../../lib/errors.js';
import { pagination, type Page, type Pagination } from '../../lib/pagination.js';
import { authorPath } from './article.model.js';
import * as repo from './tag-author.repository.js';

/* The tags index (/tags) and the author pages (/authors/:slug). */

/** A tag as the index lists it. */
export interface TagIndexEntry {
  id: number;
  slug: string;
  name: string;
  description: string | null;
  /** Site path, /tags/<slug> (the slug as stored: a Hangul tag keeps its letters). */
  path: string;
  articleCount: number;
}

/** An author as their page shows them. */
export interface AuthorProfile {
  id: number;
  slug: string;
  name: string;
  bio: string | null;
  /** Site path, /authors/<slug>. */
  path: string;
  articleCount: number;
}

/** One page of the tags readers can see (those with published articles), by name. */
export async function pageOfPublicTags(
  db: DbOrTrx,
  clock: Clock,
  page: Page,
): Promise<{ tags: TagIndexEntry[]; pagination: Pagination }> {
  const now = clock().toISOString();
  const [rows, total] = await Promise.all([
    repo.listPublicTags(db, now, { limit: page.limit, offset: (page.page - 1) * page.limit }),
    repo.countPublicTags(db, now),
  ]);
  return {
    tags: rows.map((row) => ({
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      path: `/tags/${row.slug}`,
      articleCount: Number(row.article_count),
    })),
    pagination: pagination(page, total),
  };
}

/**
 * An author as their page shows them. Staff who have published nothing have no page (a
 * moderator's name is not a byline).
 * @throws NotFound for an unknown slug or a staff member without published articles
 */
export async function getAuthorProfile(
  db: DbOrTrx,
  clock: Clock,
  slug: string,
): Promise<AuthorProfile> {
  const row = await repo.findPublicAuthor(db, slug, clock().toISOString());
  if (row === undefined) throw new NotFound('No author of published articles has this address.');
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    bio: row.bio,
    path: authorPath(row.slug),
    articleCount: Number(row.article_count),
  };
}

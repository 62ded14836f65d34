/*
 * Pages of a list: which page was asked for, and the pagination block of the API list shape
 * (`meta.pagination`), which the reader pages' pagers read too. Pure.
 */

/** The page asked for (1-based) and how many items a page holds. */
export interface Page {
  page: number;
  limit: number;
}

/** The pagination block of the API list shape. */
export interface Pagination {
  page: number;
  limit: number;
  /** At least 1: an empty list has one (empty) page. */
  pages: number;
  total: number;
}

/** The pagination block of `page` in a list of `total` items. */
export function pagination(page: Page, total: number): Pagination {
  return {
    page: page.page,
    limit: page.limit,
    pages: Math.max(1, Math.ceil(total / page.limit)),
    total,
  };
}

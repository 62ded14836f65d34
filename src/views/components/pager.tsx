/*
 * Pagination of reader lists: the address of each page, and the previous/next links. Pure.
 */

/** Query parameters a list keeps from page to page (its filters), in the order given. */
export type ListParams = readonly (readonly [name: string, value: string])[];

/**
 * The address of page `page` of a list at `path` with `params`: page 1 has no `page` parameter,
 * so that it has one address only.
 */
export function pageHref(path: string, page: number, params: ListParams = []): string {
  const query = new URLSearchParams(params.map(([name, value]) => [name, value]));
  if (page > 1) query.set('page', String(page));
  const text = query.toString();
  return text === '' ? path : `${path}?${text}`;
}

export interface ListPagerProps {
  path: string;
  page: number;
  pages: number;
  /** Filters kept on every page's address. */
  params?: ListParams;
  /** Link text to the previous page ("← Newer" on news lists). */
  previous?: string;
  /** Link text to the next page ("Older →" on news lists). */
  next?: string;
}

/** Previous/next links of a paged list; nothing when it has one page. */
export function ListPager({
  path,
  page,
  pages,
  params = [],
  previous = '← Previous',
  next = 'Next →',
}: ListPagerProps) {
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 && (
        <a rel="prev" href={pageHref(path, page - 1, params)}>
          {previous}
        </a>
      )}
      <span>
        Page {page} of {pages}
      </span>
      {page < pages && (
        <a rel="next" href={pageHref(path, page + 1, params)}>
          {next}
        </a>
      )}
    </nav>
  );
}

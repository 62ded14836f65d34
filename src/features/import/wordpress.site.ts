import type { DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { writeSettings } from '../settings/index.js';
import * as repo from './import.repository.js';
import { termSlug } from './wordpress.mapping.js';
import type { ImportLog } from './wordpress.report.js';
import { decodeText, type WpTerm } from './wxr-model.js';

/*
 * What an export says about the site as a whole: its title and description, and its categories
 * and tags (Deho's tags, categories keeping their parent).
 */

/** WordPress's default category: every post without another one is in it, so it says nothing. */
export function isDefaultCategory(term: Pick<WpTerm, 'kind' | 'slug' | 'name'>): boolean {
  return (
    term.kind === 'category' && (term.slug === 'uncategorized' || term.name === 'Uncategorized')
  );
}

/**
 * Takes the export's site title or description (channel <title>, <description>) for a site that
 * has not set its own yet.
 */
export async function adoptSiteSetting(
  trx: DbOrTrx,
  clock: Clock,
  log: ImportLog,
  key: 'site_title' | 'site_description',
  raw: string,
): Promise<string> {
  const value = decodeText(raw);
  if (value === '') return value;
  const set = await trx
    .selectFrom('settings')
    .select('key')
    .where('key', '=', key)
    .executeTakeFirst();
  if (set !== undefined) return value;
  await writeSettings(trx, clock, { [key]: value });
  log.note(
    `The site's ${key === 'site_title' ? 'title' : 'description'} is "${value}", as in WordPress.`,
  );
  return value;
}

/** Tags made from the export's categories and tags, by Deho slug, within one run. */
export class TermTags {
  private readonly bySlug = new Map<string, number>();
  /** WordPress category slug → Deho tag slug (parents are named by WordPress slug). */
  private readonly categorySlugs = new Map<string, string>();

  constructor(private readonly log: ImportLog) {}

  /** The Deho tag of a term, created when missing; undefined for the default category. */
  async tagId(
    trx: DbOrTrx,
    term: Pick<WpTerm, 'kind' | 'slug' | 'name'> & Partial<Pick<WpTerm, 'description' | 'parent'>>,
    now: string,
  ): Promise<{ id: number; slug: string } | undefined> {
    if (isDefaultCategory(term)) return undefined;
    const slug = termSlug(term.slug, term.name, term.kind);
    if (term.kind === 'category') this.categorySlugs.set(term.slug, slug);
    const cached = this.bySlug.get(slug);
    if (cached !== undefined) return { id: cached, slug };
    let parentId: number | null = null;
    if (term.parent) {
      const parentSlug =
        this.categorySlugs.get(term.parent) ?? termSlug(term.parent, '', 'category');
      parentId =
        this.bySlug.get(parentSlug) ??
        (
          await trx
            .selectFrom('tags')
            .select('id')
            .where('slug', '=', parentSlug)
            .executeTakeFirst()
        )?.id ??
        null;
    }
    const { id, created } = await repo.ensureTag(
      trx,
      slug,
      term.name || slug,
      term.description ?? '',
      now,
      parentId,
    );
    this.log.count('tags', created ? 'created' : 'unchanged');
    this.bySlug.set(slug, id);
    return { id, slug };
  }
}

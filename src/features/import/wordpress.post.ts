import type { DbOrTrx } from '../../db/database.js';
import { hashOf } from './wordpress.mapping.js';
import { decodeText, type WpItem } from './wxr-model.js';

/*
 * The parts of a WordPress post that are not its content: its SEO fields (Yoast, Rank Math),
 * and the digest of the Deho article that tells a later import whether someone edited it here.
 */

/** Yoast's and Rank Math's title variables that Deho can fill in; others are dropped. */
function fillVariables(template: string, item: WpItem, siteTitle: string): string {
  const values: Record<string, string> = {
    title: item.title,
    sitename: siteTitle,
    sep: '-',
    excerpt: decodeText(item.excerpt),
  };
  return template
    .replace(/%%?([a-z_]+)%%?/gi, (_m, name: string) => values[name.toLowerCase()] ?? '')
    .replace(/\s+/g, ' ')
    .replace(/^[\s-]+|[\s-]+$/g, '')
    .trim();
}

/** The SEO title and description an SEO plugin kept for the post ('' for none). */
export function seoFields(
  item: WpItem,
  siteTitle: string,
): { seo_title: string; seo_description: string } {
  const meta = (...keys: string[]) =>
    keys.map((k) => item.meta.get(k)?.trim() ?? '').find((v) => v !== '') ?? '';
  const title = meta('_yoast_wpseo_title', 'rank_math_title');
  const description = meta('_yoast_wpseo_metadesc', 'rank_math_description');
  return {
    seo_title: fillVariables(decodeText(title), item, siteTitle).slice(0, 300),
    seo_description: fillVariables(decodeText(description), item, siteTitle).slice(0, 1_000),
  };
}

/**
 * A digest of everything about an article an editor can change in Deho and an import writes:
 * when it differs from the one recorded after the last import, the article was edited here.
 */
export async function articleDigest(trx: DbOrTrx, id: number): Promise<string | undefined> {
  return (await articleDigests(trx, [id])).get(id);
}

/** articleDigest of several articles, in two queries; articles that do not exist are left out. */
export async function articleDigests(
  trx: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, string>> {
  const digests = new Map<number, string>();
  if (ids.length === 0) return digests;
  const rows = await trx
    .selectFrom('articles')
    .select([
      'id',
      'slug',
      'title',
      'dek',
      'body',
      'status',
      'published_at',
      'author_id',
      'comments_enabled',
      'featured',
      'seo_title',
      'seo_description',
      'feature_image_id',
    ])
    .where('id', 'in', ids)
    .execute();
  const tags = await trx
    .selectFrom('article_tags')
    .select(['article_id', 'tag_id'])
    .where('article_id', 'in', ids)
    .orderBy('article_id')
    .orderBy('position')
    .execute();
  const tagsOf = new Map<number, number[]>();
  for (const { article_id, tag_id } of tags) {
    const list = tagsOf.get(article_id) ?? [];
    if (list.length === 0) tagsOf.set(article_id, list);
    list.push(tag_id);
  }
  for (const row of rows) {
    digests.set(
      row.id,
      hashOf([
        row.slug,
        row.title,
        row.dek,
        row.body,
        row.status,
        row.published_at,
        row.author_id,
        Number(row.comments_enabled),
        Number(row.featured),
        row.seo_title,
        row.seo_description,
        row.feature_image_id,
        tagsOf.get(row.id) ?? [],
      ]),
    );
  }
  return digests;
}

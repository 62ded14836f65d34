import type { DbOrTrx } from '../../db/database.js';
import { findMediaImages } from '../media/index.js';
import type { ArticleDetail } from './article.model.js';
import { toDetail } from './article.presenter.js';
import { findArticleLinks, type SummaryRow } from './article.repository.js';

/** An article row as a whole article: with its links, co-authors and social image. */
export async function detailOf(
  db: DbOrTrx,
  row: SummaryRow & { body: string },
): Promise<ArticleDetail> {
  const socialId = row.social_image_id;
  const [links, images] = await Promise.all([
    findArticleLinks(db, row.id),
    socialId === null ? undefined : findMediaImages(db, [socialId]),
  ]);
  return toDetail(row, links, socialId === null ? null : (images?.get(socialId) ?? null));
}

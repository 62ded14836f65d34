import { formatDate } from '../../lib/time.js';
import { ListPager } from '../../views/components/pager.js';
import { Picture } from '../media/index.js';
import { authorPath, type ArticleSummary } from './article.model.js';

export interface ArticleListProps {
  articles: readonly ArticleSummary[];
  /** IANA zone dates are shown in (the site's zone). */
  zone: string;
  /** Heading level of each card title; 2 on a page whose h1 is the list's title. */
  headingLevel?: 2 | 3;
  /** Text shown when the list is empty. */
  empty?: string;
}

/** Card images: full width on phones, the 14rem column from 40rem up (site.css .card). */
const CARD_SIZES = '(min-width: 40rem) 14rem, 100vw';

function commentLabel(count: number): string {
  return count === 1 ? '1 comment' : `${count} comments`;
}

/** A list of article cards: image, headline, dek, date and comment count. */
export function ArticleList({
  articles,
  zone,
  headingLevel = 2,
  empty = 'No news yet.',
}: ArticleListProps) {
  if (articles.length === 0) return <p class="empty">{empty}</p>;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <ul class="cards">
      {articles.map((article) => (
        <li key={article.id} class="card">
          {article.image && (
            <Picture image={article.image} sizes={CARD_SIZES} className="card__image" />
          )}
          <div class="card__text">
            <Heading class="card__title">
              <a href={article.path}>{article.title}</a>
            </Heading>
            {article.dek && <p class="card__dek">{article.dek}</p>}
            <p class="meta">
              {article.author && (
                <>
                  By <a href={authorPath(article.author.slug)}>{article.author.name}</a>
                  {' · '}
                </>
              )}
              {article.publishedAt && (
                <time dateTime={article.publishedAt}>{formatDate(article.publishedAt, zone)}</time>
              )}
              {' · '}
              <a href={`${article.path}#comments`}>{commentLabel(article.commentCount)}</a>
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** Previous/next links for a paged list of news, newest first. */
export function Pager({ path, page, pages }: { path: string; page: number; pages: number }) {
  return <ListPager path={path} page={page} pages={pages} previous="← Newer" next="Older →" />;
}

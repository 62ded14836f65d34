import type { MediaImage } from '../media/index.js';
import type { Block } from './blocks.js';
import type { ArticleStatus } from './article.table.js';

/** An article as lists show it (home, tag, show and person pages, feeds). */
export interface ArticleSummary {
  id: number;
  slug: string;
  /** Site path, /news/<slug>. */
  path: string;
  title: string;
  dek: string;
  status: ArticleStatus;
  publishedAt: string | null;
  updatedAt: string;
  author: { id: number; name: string; slug: string } | null;
  /** The feature image: <picture> on pages; its largest JPEG (`src`) for og:image and feeds. */
  image: MediaImage | null;
  commentCount: number;
  /** Shown in the home page's featured strip (a WordPress sticky post). */
  featured?: boolean;
}

/** A whole article, as its page and the APIs show it. */
export interface ArticleDetail extends ArticleSummary {
  body: Block[];
  commentsEnabled: boolean;
  /** The title for search engines and link previews; '' uses the title. */
  seoTitle: string;
  /** The description for search engines and link previews; '' uses the dek. */
  seoDescription: string;
  /** The picture for link previews; null uses the feature image (`image`). */
  socialImage: MediaImage | null;
  /** Under the feature image: what it shows, and whose photo it is; '' for none. */
  imageCaption: string;
  imageCredit: string;
  /** Staff who wrote it with the author, in byline order. */
  coauthors: { id: number; slug: string; name: string }[];
  tags: { id: number; slug: string; name: string }[];
  shows: { id: number; slug: string; title: string }[];
  people: { id: number; slug: string; name: string; nameKo: string | null }[];
}

/** Which articles a list is about. */
export type ArticleFilter =
  | { kind: 'all' }
  | { kind: 'tag'; tagId: number }
  | { kind: 'show'; showId: number }
  | { kind: 'person'; personId: number }
  | { kind: 'author'; authorId: number };

/** The site path of an author's page: every byline links there. */
export function authorPath(slug: string): string {
  return `/authors/${slug}`;
}

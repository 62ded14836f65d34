/** A feed as every format sees it, built once per request and rendered as RSS or JSON Feed. */
export interface Feed {
  /** The site's title. */
  title: string;
  /** The site's description. */
  description: string;
  /** Absolute URL of the home page. */
  homePageUrl: string;
  /** Absolute URL of this feed in each format (for self links). */
  urls: { json: string; rss: string };
  /** BCP 47 language of the content. */
  language: string;
  /** ISO-8601 UTC: the newest change of any item, or the time of rendering for an empty feed. */
  updatedAt: string;
  items: FeedItem[];
}

export interface FeedItem {
  /** Absolute permalink; also the item's id/guid. */
  url: string;
  /** Plain text (escaped by each renderer, never markup). */
  title: string;
  /** Plain text summary: the dek, or the start of the body. */
  summary: string;
  /** The body as an HTML fragment with absolute URLs. */
  contentHtml: string;
  /** ISO-8601 UTC. */
  publishedAt: string;
  /** ISO-8601 UTC. */
  updatedAt: string;
  authors: { name: string }[];
  /** Absolute URL of the feature image. */
  image: string | undefined;
}

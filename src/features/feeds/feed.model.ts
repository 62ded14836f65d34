/** A feed as every format sees it, built once per request and rendered as RSS, Atom or JSON Feed. */
export interface Feed {
  /** The feed's title: the site's, or "<tag> · <site>" for a tag, show or person. */
  title: string;
  description: string;
  /** Absolute URL of the page the feed follows (home page, tag, show or person page). */
  homePageUrl: string;
  /** Absolute URL of this feed in each format (for self links). */
  urls: { json: string; rss: string; atom: string };
  /** BCP 47 language of the content. */
  language: string;
  /** ISO-8601 UTC: the newest change of any item, or the time of rendering for an empty feed. */
  updatedAt: string;
  /** Carry the whole body (setting feed_full_text), or the summary only. */
  fullText: boolean;
  items: FeedItem[];
}

/** A media enclosure: the feature image, with its type and size in bytes. */
export interface FeedEnclosure {
  url: string;
  type: string;
  /** Bytes; 0 when unknown (RSS requires the attribute). */
  length: number;
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
  /** Tag names, as categories. */
  tags?: string[];
  /** Absolute URL of the feature image. */
  image: string | undefined;
  enclosure?: FeedEnclosure;
}

/** Which articles a feed carries. */
export type FeedScope =
  | { kind: 'all' }
  | { kind: 'tag'; slug: string }
  | { kind: 'show'; slug: string }
  | { kind: 'person'; slug: string };

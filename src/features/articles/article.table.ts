import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export type ArticleStatus = 'draft' | 'scheduled' | 'published' | 'archived';

export interface ArticleTable {
  id: Generated<number>;
  slug: string;
  title: string;
  dek: Generated<string>;
  /** JSON text: Block[] (see blocks.ts). */
  body: Generated<string>;
  author_id: number | null;
  /** The API key that created the article; it owns it as an author owns theirs. */
  api_key_id: Generated<number | null>;
  status: ArticleStatus;
  /** ISO-8601 UTC; for a scheduled article, when it goes live. */
  published_at: string | null;
  feature_image_id: number | null;
  /** The feature image's caption and photo credit in this article; '' for none. */
  feature_image_caption: Generated<string>;
  feature_image_credit: Generated<string>;
  /** The picture for link previews (og:image); null uses the feature image. */
  social_image_id: Generated<number | null>;
  comments_enabled: Generated<0 | 1>;
  /** Approved comments; kept by database triggers on comments, never written by the app. */
  comment_count: ColumnType<number, never, never>;
  /** The title for search engines and link previews; '' uses the title. */
  seo_title: Generated<string>;
  /** The description for search engines and link previews; '' uses the dek. */
  seo_description: Generated<string>;
  /** 1: shown in the home page's featured strip (WordPress's sticky posts). */
  featured: Generated<0 | 1>;
  created_at: string;
  updated_at: string;
}
export type ArticleRow = Selectable<ArticleTable>;
export type NewArticleRow = Insertable<ArticleTable>;
export type ArticleUpdate = Updateable<ArticleTable>;

/** What made a revision; see the 2026-12-07T22-20-30 migration. */
export type RevisionKind =
  'autosave' | 'save' | 'publish' | 'schedule' | 'unpublish' | 'restore' | 'import';

export interface ArticleRevisionTable {
  id: Generated<number>;
  article_id: number;
  title: string;
  dek: string;
  body: string;
  author_id: number | null;
  kind: Generated<RevisionKind>;
  /** The revision's name ("Published", "Scheduled for …", the writer's words); null for none. */
  label: Generated<string | null>;
  /** When a coalesced autosave was last written; null when only created_at counts. */
  saved_at: Generated<string | null>;
  created_at: string;
}

/** An old slug of an article: `/news/<from_slug>` answers 301 to the article. */
export interface ArticleSlugRedirectTable {
  from_slug: string;
  article_id: number;
  created_at: string;
}

/** Who has an article open in the editor: a heartbeat every 20 s while the editor is open. */
export interface ArticleEditorTable {
  article_id: number;
  user_id: number;
  /** ISO-8601 UTC of the last heartbeat. */
  seen_at: string;
}

/** A co-author of an article, after its author in the byline. */
export interface ArticleCoauthorTable {
  article_id: number;
  user_id: number;
  position: Generated<number>;
}

export interface TagTable {
  id: Generated<number>;
  slug: string;
  name: string;
  description: string | null;
  /** The broader tag this one sits under (a WordPress category's parent); no foreign key. */
  parent_id: Generated<number | null>;
  created_at: string;
  updated_at: string;
}
export type TagRow = Selectable<TagTable>;

/** An old slug of a tag (renamed or merged away): `/tags/<from_slug>` answers 301 to the tag. */
export interface TagRedirectTable {
  from_slug: string;
  tag_id: number;
  created_at: string;
}

export interface ArticleTagTable {
  article_id: number;
  tag_id: number;
  position: Generated<number>;
}

interface ArticleLink {
  article_id: number;
  source: Generated<'manual' | 'linker'>;
}
export interface ArticleShowTable extends ArticleLink {
  show_id: number;
}
export interface ArticlePersonTable extends ArticleLink {
  person_id: number;
}
export interface ArticleGroupTable extends ArticleLink {
  group_id: number;
}
export interface ArticleCharacterTable extends ArticleLink {
  character_id: number;
}
export interface ArticleEventTable extends ArticleLink {
  event_id: number;
}

/** A linker suggestion rejected for an article: not offered in its editor again. */
export interface ArticleRejectedMentionTable {
  article_id: number;
  entity_type: 'show' | 'person' | 'character' | 'group' | 'event';
  entity_id: number;
  created_at: string;
}

export interface PageTable {
  id: Generated<number>;
  slug: string;
  title: string;
  body: Generated<string>;
  status: 'draft' | 'published';
  created_at: string;
  updated_at: string;
}
export type PageRow = Selectable<PageTable>;

export interface RedirectTable {
  id: Generated<number>;
  from_path: string;
  to_path: string;
  status_code: Generated<301 | 302 | 307 | 308>;
  created_at: string;
}

import type { Generated, Selectable } from 'kysely';

export type CommentStatus = 'pending' | 'approved' | 'spam' | 'trash';

export interface CommentTable {
  id: Generated<number>;
  article_id: number;
  parent_id: number | null;
  /** 0 for a top-level comment, parent's depth + 1 for a reply. */
  depth: Generated<number>;
  author_name: string;
  /** Never shown, never in a public API. */
  author_email: string | null;
  user_id: number | null;
  /** The commenter's website (http or https), shown as a rel="nofollow ugc" link on the name. */
  author_url: Generated<string | null>;
  body: string;
  status: CommentStatus;
  /** Why a comment waits for moderation (no challenge solved, links, first comment…). */
  held_reason: string | null;
  /** Hash of the client address, for rate limits and "other comments by this commenter". */
  client_key: string | null;
  edit_token_hash: string | null;
  approved_at: string | null;
  /** When the text itself last changed (commenter or moderator); null if never. */
  edited_at: Generated<string | null>;
  created_at: string;
  /** Any change, status included (approval is not an edit: see `edited_at`). */
  updated_at: string;
}
export type CommentRow = Selectable<CommentTable>;

/** A proof-of-work challenge that has been used once; kept until it expires so none is replayed. */
export interface CommentChallengeTable {
  /** SHA-256 of the challenge signature. */
  challenge_hash: string;
  /** ISO-8601 UTC after which the challenge is refused anyway and the row may go. */
  expires_at: string;
}

/** Server secrets of the comment defences (HMAC keys), created on first use, shared by instances. */
export interface CommentSecretTable {
  name: string;
  value: string;
  created_at: string;
}

/** Tables the comments feature owns beyond `comments` (see comment.repository.ts `withCommentTables`). */
// A type alias, not an interface: Kysely's withTables wants a Record-compatible type.
export type CommentDefenceTables = {
  comment_challenges: CommentChallengeTable;
  comment_secrets: CommentSecretTable;
};

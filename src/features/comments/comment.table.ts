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
  body: string;
  status: CommentStatus;
  /** Why a comment waits for moderation (no challenge solved, links, first comment…). */
  held_reason: string | null;
  /** Hash of the client address, for rate limits and "other comments by this commenter". */
  client_key: string | null;
  edit_token_hash: string | null;
  approved_at: string | null;
  created_at: string;
  updated_at: string;
}
export type CommentRow = Selectable<CommentTable>;

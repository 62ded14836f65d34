import { renderToString } from 'preact-render-to-string';
import { h } from 'preact';
import { formatComment } from './comment.format.js';
import type { QueueRow } from './comment.queue.js';
import type { PublicCommentRow } from './comment.repository.js';
import {
  CommentBody,
  CommentItem,
  type CommentItemContext,
  type CommentView,
} from './comment.views.js';
import type { AdminCommentJson, PublicCommentJson } from './comment.schemas.js';

/** The body as the site renders it (escaped HTML), for the island to show a new comment at once. */
export function bodyHtml(body: string): string {
  return renderToString(h(CommentBody, { paragraphs: formatComment(body) }));
}

/** A just-posted comment as its writer's page renders it (the `<li>`, with Edit and Delete). */
export function postedCommentHtml(posted: { comment: CommentView; context: CommentItemContext }) {
  return renderToString(h(CommentItem, { comment: posted.comment, model: posted.context }));
}

/**
 * A comment for readers. Spam is shown as "pending" to its poster, so that robots learn nothing.
 * No e-mail, client key or token ever appears here.
 */
export function toPublicComment(row: PublicCommentRow): PublicCommentJson {
  return {
    id: row.id,
    article_id: row.article_id,
    parent_id: row.parent_id,
    name: row.author_name,
    body: row.body,
    body_html: bodyHtml(row.body),
    status: row.status === 'approved' ? 'approved' : 'pending',
    created_at: row.created_at,
  };
}

/** The start of a text, cut at a word, for one line of the moderation queue. */
export function excerpt(text: string, max = 140): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** A comment for moderators: everything but the hashed client key and edit token. */
export function toAdminComment(row: QueueRow, baseUrl: string): AdminCommentJson {
  const articleUrl = `${baseUrl}/news/${encodeURIComponent(row.article_slug)}`;
  return {
    id: row.id,
    article_id: row.article_id,
    parent_id: row.parent_id,
    depth: row.depth,
    name: row.author_name,
    email: row.author_email,
    body: row.body,
    status: row.status,
    held_reason: row.held_reason,
    staff: row.user_id !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    edited_at: row.edited_at,
    approved_at: row.approved_at,
    url: `${articleUrl}#comment-${row.id}`,
    article: { id: row.article_id, title: row.article_title, url: articleUrl },
    parent:
      row.parent_id === null
        ? null
        : {
            id: row.parent_id,
            name: row.parent_name ?? '',
            excerpt: excerpt(row.parent_body ?? ''),
          },
  };
}

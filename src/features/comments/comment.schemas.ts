import { Type, type Static } from 'typebox';
import { QUEUE_REASONS, type QueueReason } from './comment.queue.js';

/*
 * Request and response schemas of the comment APIs. Response schemas are allowlists: a column
 * that is not named here (e-mail, client key, token hash) never reaches a reader.
 * Length limits here are generous on purpose: the service applies the real ones (name 50,
 * comment 5,000 characters) with a clear message naming the field.
 */

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

/** POST /api/content/v1/articles/:id/comments — the comment form's own fields as JSON. */
export const CreateCommentBody = Type.Object(
  {
    /** Shown with the comment: 1–50 characters. */
    name: Type.String({ maxLength: 2000 }),
    /** The comment, plain text: 1–5,000 characters. */
    comment: Type.String({ maxLength: 40_000 }),
    /** Optional; never shown, never in a public API. */
    email: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
    /** The comment this replies to (an approved comment of the same article, at any depth). */
    parent_id: Type.Optional(Type.Union([Id, Type.Null()])),
    /** Mail me when someone replies to this comment (needs `email`; default false). */
    notify_replies: Type.Optional(Type.Boolean()),
    /** Honeypot: leave empty. */
    website: Type.Optional(Type.String({ maxLength: 2000 })),
    /** The solved proof-of-work challenge (hidden field `altcha`); without it the comment is held. */
    altcha: Type.Optional(Type.String({ maxLength: 8000 })),
  },
  { additionalProperties: false },
);
export type CreateCommentBody = Static<typeof CreateCommentBody>;

/** The same fields as sent by the HTML form (application/x-www-form-urlencoded: all strings). */
export const CommentFormBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 2000 })),
    comment: Type.Optional(Type.String({ maxLength: 40_000 })),
    email: Type.Optional(Type.String({ maxLength: 2000 })),
    parent_id: Type.Optional(Type.String({ maxLength: 20 })),
    /** The "Email me when someone replies" box: present (any value) when ticked. */
    notify_replies: Type.Optional(Type.String({ maxLength: 20 })),
    website: Type.Optional(Type.String({ maxLength: 2000 })),
    altcha: Type.Optional(Type.String({ maxLength: 8000 })),
    /** Edit form only: the hidden token bound to the commenter cookie (CSRF defence). */
    form_token: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: true },
);
export type CommentFormBody = Static<typeof CommentFormBody>;

/**
 * The delete form of one's own comment: only its hidden token. A request without a body (not a
 * browser's form) is validated as null, and then refused for the missing token.
 */
export const DeleteOwnCommentFormBody = Type.Union([
  Type.Object(
    {
      /** The hidden token bound to the commenter cookie (CSRF defence). */
      form_token: Type.Optional(Type.String({ maxLength: 200 })),
    },
    { additionalProperties: true },
  ),
  Type.Null(),
]);

/** PATCH /api/content/v1/comments/:id — a commenter edits their own comment. */
export const EditOwnCommentBody = Type.Object(
  {
    comment: Type.Object(
      { body: Type.String({ maxLength: 40_000 }) },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** A comment as readers see it. */
export const PublicCommentJson = Type.Object(
  {
    id: Type.Integer(),
    article_id: Type.Integer(),
    /** The comment this replies to, or null. */
    parent_id: Type.Union([Type.Integer(), Type.Null()]),
    /** Author name as given. */
    name: Type.String(),
    /** Plain text exactly as typed (NFC). */
    body: Type.String(),
    /** The body as the site renders it (escaped HTML: paragraphs, links, spoilers). */
    body_html: Type.String(),
    /** "approved", or "pending" while it waits for moderation (only its author sees it). */
    status: Type.Union([Type.Literal('approved'), Type.Literal('pending')]),
    /** ISO-8601 UTC. */
    created_at: Type.String(),
  },
  { additionalProperties: false },
);
export type PublicCommentJson = Static<typeof PublicCommentJson>;

const Status = Type.Union([
  Type.Literal('pending'),
  Type.Literal('approved'),
  Type.Literal('spam'),
  Type.Literal('trash'),
]);

/** A comment as moderators see it. */
export const AdminCommentJson = Type.Object(
  {
    id: Type.Integer(),
    article_id: Type.Integer(),
    parent_id: Type.Union([Type.Integer(), Type.Null()]),
    /** 0 for top level, up to 2. */
    depth: Type.Integer(),
    name: Type.String(),
    /** The commenter's e-mail, if given (staff only). */
    email: Type.Union([Type.String(), Type.Null()]),
    body: Type.String(),
    status: Status,
    /** Why it was held: honeypot, block_word, challenge_missing, too_fast, links, first_comment… */
    held_reason: Type.Union([Type.String(), Type.Null()]),
    /** Posted by a staff member. */
    staff: Type.Boolean(),
    created_at: Type.String(),
    /** Any change, a status change included. */
    updated_at: Type.String(),
    /** When the text itself was last changed (by its commenter or a moderator); null if never. */
    edited_at: Type.Union([Type.String(), Type.Null()]),
    approved_at: Type.Union([Type.String(), Type.Null()]),
    /** The comment in place on its article's page (absolute; a held one shows there once approved). */
    url: Type.String(),
    /** The article it is on. */
    article: Type.Object({ id: Type.Integer(), title: Type.String(), url: Type.String() }),
    /** The comment it answers, with the start of its text; null for a comment that starts a thread. */
    parent: Type.Union([
      Type.Object({ id: Type.Integer(), name: Type.String(), excerpt: Type.String() }),
      Type.Null(),
    ]),
  },
  { additionalProperties: false },
);
export type AdminCommentJson = Static<typeof AdminCommentJson>;

export const Pagination = Type.Object({
  page: Type.Integer(),
  limit: Type.Integer(),
  pages: Type.Integer(),
  total: Type.Integer(),
});

export const IdParams = Type.Object({ id: Id });

/** GET /api/content/v1/articles/:id/comments query. */
export const PublicListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    /** oldest (default) or newest first. */
    order: Type.Optional(Type.Union([Type.Literal('oldest'), Type.Literal('newest')])),
  },
  { additionalProperties: false },
);

/** GET /api/admin/v1/comments query. */
export const AdminListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
    status: Type.Optional(Status),
    /** Only comments on this article. */
    article_id: Type.Optional(Id),
    /**
     * Only comments held for this reason: first_comment, links, words (either word list),
     * challenge (no challenge solved: missing, invalid, expired or reused), too_fast, honeypot.
     */
    reason: Type.Optional(
      Type.Union(Object.keys(QUEUE_REASONS).map((reason) => Type.Literal(reason as QueueReason))),
    ),
    /** Text in name, e-mail or comment. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

/** POST /api/admin/v1/comments/:id/replies body: a staff reply, published at once. */
export const StaffReplyBody = Type.Object(
  {
    comment: Type.Object(
      {
        /** Plain text, 1–5,000 characters (the same rules as readers' comments). */
        body: Type.String({ maxLength: 40_000 }),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** GET /api/admin/v1/comments/counts answer: what waits for a moderator. */
export const CountsJson = Type.Object({
  counts: Type.Object({
    /** Held for moderation. */
    pending: Type.Integer(),
    /** Marked as spam (by the defences or a moderator). */
    spam: Type.Integer(),
  }),
});

/** PATCH /api/admin/v1/comments/:id body. */
export const ModerateBody = Type.Object(
  {
    comment: Type.Object(
      {
        status: Type.Optional(Status),
        /** Moderators may correct the text (same rules as posting). */
        body: Type.Optional(Type.String({ maxLength: 40_000 })),
      },
      { additionalProperties: false },
    ),
  },
  { additionalProperties: false },
);

/** POST /api/admin/v1/comments/bulk body: one action for many comments. */
export const BulkBody = Type.Object(
  {
    ids: Type.Array(Id, { minItems: 1, maxItems: 500 }),
    /** approve, pending, spam, trash, or delete (for good). */
    action: Type.Union([
      Type.Literal('approve'),
      Type.Literal('pending'),
      Type.Literal('spam'),
      Type.Literal('trash'),
      Type.Literal('delete'),
    ]),
  },
  { additionalProperties: false },
);

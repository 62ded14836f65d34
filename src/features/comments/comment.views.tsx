/*
 * Comment views: pure components from a view model to HTML. Preact escapes every text node and
 * attribute, and comment text only ever reaches the page as text (see comment.format.ts).
 */
import type { ComponentChildren } from 'preact';
import type { Inline, Paragraph } from './comment.format.js';

/** One comment as a page shows it. */
export interface CommentView {
  id: number;
  name: string;
  /** The commenter's website (http or https), or null. */
  website: string | null;
  /** Posted by a staff member (shows a badge). */
  staff: boolean;
  /** ISO-8601 UTC. */
  createdAt: string;
  /** Human date, e.g. "7 January 2023, 21:14". */
  createdLabel: string;
  edited: boolean;
  /** The viewer's own comment that waits for moderation (nobody else sees it; no Reply yet). */
  pending: boolean;
  /** The viewer may still edit or delete it (own comment, within 15 minutes). */
  canChange: boolean;
  /**
   * The comment it answers, when that is not the one it is nested under: a reply deeper than
   * threads nest is listed beside its parent (see comment.section.ts THREAD_LEVELS).
   */
  inReplyTo?: { id: number; name: string } | undefined;
  paragraphs: Paragraph[];
  replies: CommentView[];
}

/** Everything the comments section of an article page shows. */
export interface CommentsSectionModel {
  articleId: number;
  articleSlug: string;
  enabled: boolean;
  /** Approved comments on the article. */
  count: number;
  order: 'oldest' | 'newest';
  threads: CommentView[];
  /** Link to show more threads ("show more" past 50), when there are more. */
  moreHref: string | undefined;
  /** The comment being replied to (no-JS reply via ?replyto=N). */
  replyTo: { id: number; name: string } | undefined;
  notice: 'pending' | 'deleted' | 'edited' | undefined;
  /** The hidden token of the viewer's own-comment forms, bound to their commenter cookie. */
  formToken?: string | undefined;
}

function InlineView({ inline }: { inline: Inline }) {
  switch (inline.kind) {
    case 'text':
      return <>{inline.text}</>;
    case 'link':
      return (
        <a href={inline.href} rel="nofollow ugc noopener" class="comment__link">
          {inline.text}
        </a>
      );
    case 'spoiler':
      // A checkbox inside a label: a click anywhere on the spoiler reveals it, without JavaScript.
      return (
        <label class="comment-spoiler">
          <input type="checkbox" class="comment-spoiler__toggle" aria-label="Show spoiler" />
          <span class="comment-spoiler__text">
            {inline.children.map((child, i) => (
              <InlineView key={i} inline={child} />
            ))}
          </span>
        </label>
      );
  }
}

/** A formatted comment body: paragraphs of text, links and spoilers. */
export function CommentBody({ paragraphs }: { paragraphs: readonly Paragraph[] }) {
  return (
    <div class="comment__body">
      {paragraphs.map((p, i) => (
        <p key={i}>
          {p.map((inline, j) => (
            <InlineView key={j} inline={inline} />
          ))}
        </p>
      ))}
    </div>
  );
}

/** What a comment's links and forms need from its section. */
export type CommentItemContext = Pick<
  CommentsSectionModel,
  'articleSlug' | 'enabled' | 'formToken'
>;

function base(model: Pick<CommentItemContext, 'articleSlug'>): string {
  return `/news/${model.articleSlug}`;
}

/** One comment as it stands in the list, with its replies. */
export function CommentItem({
  comment,
  model,
}: {
  comment: CommentView;
  model: CommentItemContext;
}) {
  const anchor = `comment-${comment.id}`;
  return (
    <li
      id={anchor}
      class={comment.pending ? 'comment comment--pending' : 'comment'}
      data-comment-id={comment.id}
      data-in-reply-to={comment.inReplyTo?.id}
    >
      <article class="comment__article" aria-labelledby={`${anchor}-author`}>
        <header class="comment__header">
          <bdi id={`${anchor}-author`} class="comment__author">
            {comment.website !== null ? (
              // A commenter's link earns no ranking from this site, as WordPress marks it too.
              <a href={comment.website} rel="nofollow ugc" class="comment__website">
                {comment.name}
              </a>
            ) : (
              comment.name
            )}
          </bdi>
          {comment.staff && <span class="comment__badge">Staff</span>}{' '}
          <a class="comment__permalink" href={`#${anchor}`}>
            <time dateTime={comment.createdAt}>{comment.createdLabel}</time>
          </a>
          {comment.edited && <span class="comment__edited"> (edited)</span>}
          {comment.inReplyTo !== undefined && (
            <span class="comment__in-reply-to">
              {' '}
              in reply to{' '}
              <a href={`#comment-${comment.inReplyTo.id}`}>
                <bdi>{comment.inReplyTo.name}</bdi>
              </a>
            </span>
          )}
          {comment.pending && (
            <span class="comment__status">
              {' '}
              · Awaiting moderation — only you can see this comment
            </span>
          )}
        </header>
        <CommentBody paragraphs={comment.paragraphs} />
        <footer class="comment__actions">
          {model.enabled && !comment.pending && (
            <a
              class="comment__reply"
              href={`${base(model)}?replyto=${comment.id}#comment-form`}
              data-reply-to={comment.id}
              data-reply-name={comment.name}
            >
              Reply
            </a>
          )}
          {comment.canChange && (
            <>
              <a class="comment__edit" href={`${base(model)}/comments/${comment.id}/edit`}>
                Edit
              </a>
              <form
                class="comment__delete"
                method="post"
                action={`${base(model)}/comments/${comment.id}/delete`}
              >
                <input type="hidden" name="form_token" value={model.formToken ?? ''} />
                <button type="submit" class="comment__link-button">
                  Delete
                </button>
              </form>
            </>
          )}
        </footer>
      </article>
      {comment.replies.length > 0 && (
        <CommentList comments={comment.replies} model={model} nested />
      )}
    </li>
  );
}

function CommentList(props: {
  comments: readonly CommentView[];
  model: CommentItemContext;
  nested?: boolean;
}) {
  return (
    <ol
      class={props.nested ? 'comment-list comment-list--replies' : 'comment-list'}
      data-comment-list
    >
      {props.comments.map((c) => (
        <CommentItem key={c.id} comment={c} model={props.model} />
      ))}
    </ol>
  );
}

const NOTICES: Readonly<Record<NonNullable<CommentsSectionModel['notice']>, string>> = {
  pending:
    'Thank you! Your comment is awaiting moderation and will appear here once a moderator approves it.',
  deleted: 'Your comment has been deleted.',
  edited: 'Your comment has been updated.',
};

/** A labelled field of the comment forms. */
export function Field(props: {
  id: string;
  label: string;
  children: ComponentChildren;
  hint?: string;
}) {
  return (
    <p class="comment-form__field">
      <label for={props.id}>{props.label}</label>
      {props.children}
      {props.hint !== undefined && (
        <span class="comment-form__hint" id={`${props.id}-hint`}>
          {props.hint}
        </span>
      )}
    </p>
  );
}

/** What a reader typed into the comment form, to give back when the post was refused. */
export interface TypedComment {
  name: string;
  comment: string;
  email: string;
  parentId: string;
}

/** The comment form: plain HTML that works without JavaScript; the comments island enhances it. */
export function CommentForm({
  model,
  typed,
}: {
  model: Pick<CommentsSectionModel, 'articleId' | 'articleSlug' | 'replyTo'>;
  typed?: TypedComment;
}) {
  const reply = model.replyTo;
  return (
    <form
      id="comment-form"
      class="comment-form"
      method="post"
      action={`${base(model)}/comments`}
      data-comments-form
      data-api={`/api/content/v1/articles/${model.articleId}/comments`}
      data-challenge-url="/api/content/v1/comments/challenge"
    >
      <h3 class="comment-form__title" data-comment-form-title>
        {reply === undefined ? (
          'Leave a comment'
        ) : (
          <>
            Reply to <bdi>{reply.name}</bdi>
          </>
        )}
      </h3>
      {reply !== undefined && (
        <p class="comment-form__replying">
          <a href={`${base(model)}#comment-form`} data-cancel-reply>
            Cancel reply
          </a>
        </p>
      )}
      <input
        type="hidden"
        name="parent_id"
        value={typed?.parentId ?? (reply === undefined ? '' : String(reply.id))}
        data-parent-id
      />
      <input type="hidden" name="altcha" value="" data-altcha />
      <Field
        id="comment-body"
        label="Comment"
        hint="Plain text. Links become clickable; hide spoilers between ||double bars||."
      >
        <textarea
          id="comment-body"
          name="comment"
          rows={6}
          required
          aria-describedby="comment-body-hint"
        >
          {typed?.comment}
        </textarea>
      </Field>
      <Field id="comment-name" label="Name">
        <input
          id="comment-name"
          name="name"
          type="text"
          required
          autoComplete="name"
          value={typed?.name}
        />
      </Field>
      <Field id="comment-email" label="Email (never shown)">
        <input
          id="comment-email"
          name="email"
          type="email"
          autoComplete="email"
          value={typed?.email}
        />
      </Field>
      <p class="comment-form__field">
        <label>
          <input
            type="checkbox"
            name="notify_replies"
            value="1"
            aria-describedby="comment-notify-hint"
          />{' '}
          Email me when someone replies
        </label>
        <span class="comment-form__hint" id="comment-notify-hint">
          Needs your email above. Every mail has a link to stop them.
        </span>
      </p>
      {/* Honeypot: hidden from people (CSS and aria-hidden); robots fill it in. */}
      <p class="comment-form__hp" aria-hidden="true">
        <label for="comment-website">Website (leave this empty)</label>
        <input id="comment-website" name="website" type="text" tabIndex={-1} autoComplete="off" />
      </p>
      <p class="comment-form__status" role="status" aria-live="polite" data-comment-status />
      <p class="comment-form__submit">
        <button type="submit">Post comment</button>
      </p>
    </form>
  );
}

/** The comments section at the end of an article page (`id="comments"`). */
export function CommentsSection({ model }: { model: CommentsSectionModel }) {
  const other = model.order === 'oldest' ? 'newest' : 'oldest';
  return (
    <section id="comments" class="comments" aria-labelledby="comments-heading" data-comments>
      <h2 id="comments-heading">
        {model.count === 0
          ? 'Comments'
          : model.count === 1
            ? '1 comment'
            : `${model.count.toLocaleString('en')} comments`}
      </h2>
      {model.notice !== undefined && (
        <p class="comment-notice" role="status">
          {NOTICES[model.notice]}
        </p>
      )}
      {model.threads.length > 1 && (
        <p class="comments__order">
          Showing {model.order} first ·{' '}
          <a href={`${base(model)}?corder=${other}#comments`}>Show {other} first</a>
        </p>
      )}
      {model.threads.length === 0 ? (
        <p class="comments__empty" data-comments-empty>
          {model.enabled
            ? 'No comments yet. Be the first to say something.'
            : 'There are no comments.'}
        </p>
      ) : (
        <CommentList comments={model.threads} model={model} />
      )}
      {model.moreHref !== undefined && (
        <p class="comments__more">
          <a href={model.moreHref}>Show more comments</a>
        </p>
      )}
      {model.enabled ? (
        <CommentForm model={model} />
      ) : (
        <p class="comments__closed">Comments are closed for this article.</p>
      )}
    </section>
  );
}

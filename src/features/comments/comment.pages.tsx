/*
 * The pages of the comment forms without JavaScript: a refused post with what was typed, and
 * the editing of one's own comment. Pure components, like comment.views.tsx.
 */
import { CommentForm, Field, type TypedComment } from './comment.views.js';

/**
 * The page a refused no-JS post gets: why, and the comment back. Where the reader can fix it (a
 * field too long, too many posts at once) the form comes filled in; where not (comments closed),
 * the text to copy. A browser's Back would often show the form empty.
 */
export function RefusedComment(props: {
  articleId: number;
  articleSlug: string;
  message: string;
  canRetry: boolean;
  typed: TypedComment;
}) {
  const back = `/news/${props.articleSlug}`;
  return (
    <section class="comment-refused" aria-labelledby="comment-refused-heading">
      <h1 id="comment-refused-heading">Your comment was not posted</h1>
      <p class="comment-refused__reason" role="alert">
        {props.message}
      </p>
      {props.canRetry ? (
        <CommentForm
          model={{ articleId: props.articleId, articleSlug: props.articleSlug, replyTo: undefined }}
          typed={props.typed}
        />
      ) : (
        <p class="comment-form__field">
          <label for="comment-copy">Your comment, to copy and keep</label>
          <textarea id="comment-copy" rows={8} readOnly>
            {props.typed.comment}
          </textarea>
        </p>
      )}
      <p>
        <a href={props.canRetry ? `${back}#comments` : back}>Back to the article</a>
      </p>
    </section>
  );
}

/** The page where a commenter edits their own comment (no-JS path of "Edit"). */
export function EditCommentForm(props: {
  articleSlug: string;
  id: number;
  body: string;
  /** Bound to the commenter cookie; another site cannot make it. */
  formToken: string;
}) {
  return (
    <form
      class="comment-form"
      method="post"
      action={`/news/${props.articleSlug}/comments/${props.id}/edit`}
    >
      <h1>Edit your comment</h1>
      <input type="hidden" name="form_token" value={props.formToken} />
      <Field id="comment-body" label="Comment">
        <textarea id="comment-body" name="comment" rows={8} required>
          {props.body}
        </textarea>
      </Field>
      <p class="comment-form__submit">
        <button type="submit">Save</button>{' '}
        <a href={`/news/${props.articleSlug}#comment-${props.id}`}>Cancel</a>
      </p>
    </form>
  );
}

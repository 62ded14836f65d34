/*
 * Island: enhances the server-rendered comment form (views: features/comments/comment.views.tsx).
 * - Solves the proof-of-work challenge (ALTCHA, SHA-256 in Web Crypto) once the reader starts
 *   writing, so a post is not held for moderation for lack of it.
 * - Posts inline as JSON (no reload), shows the new comment at once, keeps the text on an error.
 * - Moves the form under a comment for a reply ("Reply" links carry data-reply-to).
 * Without this script the form posts normally and everything still works.
 */
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/sha';

interface CommentJson {
  id: number;
  parent_id: number | null;
  status: 'approved' | 'pending';
}

const form = document.querySelector<HTMLFormElement>('form[data-comments-form]');
if (form !== null) enhance(form);

function enhance(form: HTMLFormElement): void {
  const api = form.dataset.api ?? '';
  const challengeUrl = form.dataset.challengeUrl ?? '';
  const status = form.querySelector<HTMLElement>('[data-comment-status]');
  const altcha = form.querySelector<HTMLInputElement>('input[data-altcha]');
  const parent = form.querySelector<HTMLInputElement>('input[data-parent-id]');
  const title = form.querySelector<HTMLElement>('[data-comment-form-title]');
  const textarea = form.querySelector<HTMLTextAreaElement>('textarea[name="comment"]');
  const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
  const section = form.closest<HTMLElement>('[data-comments]');
  const home = document.createComment('comment form');
  form.before(home);
  const defaultTitle = 'Leave a comment';

  const say = (message: string, kind: 'info' | 'error' = 'info'): void => {
    if (status === null) return;
    status.textContent = message;
    status.dataset.kind = kind;
    status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  };

  // One solved challenge per post; a new one is fetched after each post (none is reusable).
  let solving: Promise<string | undefined> | undefined;
  const solve = async (): Promise<string | undefined> => {
    try {
      const response = await fetch(challengeUrl, { headers: { accept: 'application/json' } });
      if (!response.ok) return undefined;
      const { challenge } = (await response.json()) as { challenge: Challenge };
      const solution = await solveChallenge({ challenge, deriveKey, timeout: 60_000 });
      if (solution === null) return undefined;
      const payload = btoa(JSON.stringify({ challenge, solution }));
      if (altcha !== null) altcha.value = payload;
      return payload;
    } catch {
      // The post still goes through; it is then held for moderation.
      return undefined;
    }
  };
  const startSolving = (): Promise<string | undefined> => (solving ??= solve());
  form.addEventListener('focusin', () => void startSolving());
  form.addEventListener('input', () => void startSolving());

  const setReply = (id: string, name: string, anchor: Element | null): void => {
    if (parent !== null) parent.value = id;
    if (title !== null) title.textContent = id === '' ? defaultTitle : `Reply to ${name}`;
    let cancel = form.querySelector<HTMLAnchorElement>('a[data-cancel-reply]');
    if (id !== '' && cancel === null) {
      const p = document.createElement('p');
      p.className = 'comment-form__replying';
      cancel = document.createElement('a');
      cancel.href = '#comment-form';
      cancel.dataset.cancelReply = '';
      cancel.textContent = 'Cancel reply';
      p.append(cancel);
      title?.after(p);
    }
    if (id === '') form.querySelector('.comment-form__replying')?.remove();
    if (anchor !== null) anchor.after(form);
    else home.after(form);
    textarea?.focus();
  };

  document.addEventListener('click', (event) => {
    const target = event.target instanceof Element ? event.target : null;
    const reply = target?.closest<HTMLAnchorElement>('a[data-reply-to]');
    if (reply) {
      event.preventDefault();
      const article = reply.closest('li')?.querySelector(':scope > article') ?? null;
      setReply(reply.dataset.replyTo ?? '', reply.dataset.replyName ?? '', article);
      return;
    }
    if (target?.closest('a[data-cancel-reply]')) {
      event.preventDefault();
      setReply('', '', null);
    }
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void submit();
  });

  async function submit(): Promise<void> {
    if (button !== null) button.disabled = true;
    try {
      say('Checking that you are a person…');
      const solved = await startSolving();
      say('Posting your comment…');
      const data = new FormData(form);
      const text = (name: string): string => {
        const value = data.get(name);
        return typeof value === 'string' ? value : '';
      };
      const parentId = text('parent_id');
      const body: Record<string, unknown> = {
        name: text('name'),
        comment: text('comment'),
        email: text('email'),
        parent_id: parentId === '' ? null : Number(parentId),
        notify_replies: data.get('notify_replies') !== null,
        website: text('website'),
        ...(solved !== undefined && { altcha: solved }),
      };
      let response: Response;
      try {
        response = await fetch(api, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          credentials: 'same-origin',
          body: JSON.stringify(body),
        });
      } catch {
        say('Could not reach the site. Your comment is still here; please try again.', 'error');
        return;
      }
      const json = (await response.json().catch(() => ({}))) as {
        comment?: CommentJson;
        html?: string;
        error?: { message?: string; property?: string };
      };
      if (!response.ok || json.comment === undefined || json.html === undefined) {
        say(
          json.error?.message ??
            `Something went wrong (${response.status}). Your comment is still here.`,
          'error',
        );
        const field = json.error?.property;
        if (field !== undefined)
          form.querySelector<HTMLElement>(`[name="${CSS.escape(field)}"]`)?.focus();
        return;
      }
      show(json.comment, json.html);
      if (textarea !== null) textarea.value = '';
      setReply('', '', null);
      say(
        json.comment.status === 'approved'
          ? 'Your comment is posted.'
          : 'Thank you! Your comment is awaiting moderation and will appear once a moderator approves it.',
      );
    } finally {
      // A solved challenge is good for one post only.
      solving = undefined;
      if (altcha !== null) altcha.value = '';
      if (button !== null) button.disabled = false;
    }
  }

  /**
   * Puts a just-posted comment where the server would render it, as the server rendered it for
   * its writer (with Edit and Delete): the island keeps no copy of the comment markup.
   */
  function show(comment: CommentJson, html: string): void {
    if (document.getElementById(`comment-${comment.id}`) !== null) return;
    const template = document.createElement('template');
    // Rendered and escaped by the server with the same component as the page.
    template.innerHTML = html;
    const li = template.content.firstElementChild;
    if (!(li instanceof HTMLLIElement)) return;

    let list: HTMLElement | null;
    if (comment.parent_id !== null && li.dataset.inReplyTo !== undefined) {
      // Deeper than threads nest: beside its parent, after the replies already listed below it.
      const parentLi = document.getElementById(`comment-${comment.parent_id}`);
      if (parentLi !== null) {
        const below = new Set([String(comment.parent_id)]);
        let after: Element = parentLi;
        for (let next = after.nextElementSibling; next instanceof HTMLElement;) {
          const answers = next.dataset.inReplyTo;
          if (answers === undefined || !below.has(answers)) break;
          below.add(next.dataset.commentId ?? '');
          after = next;
          next = next.nextElementSibling;
        }
        after.after(li);
        li.scrollIntoView({ block: 'nearest' });
        return;
      }
      list = null;
    } else if (comment.parent_id !== null) {
      const parentLi = document.getElementById(`comment-${comment.parent_id}`);
      list = parentLi?.querySelector<HTMLElement>(':scope > ol') ?? null;
      if (parentLi !== null && list === null) {
        list = document.createElement('ol');
        list.className = 'comment-list comment-list--replies';
        parentLi.append(list);
      }
    } else {
      list = section?.querySelector<HTMLElement>(':scope > ol[data-comment-list]') ?? null;
      if (list === null && section !== null) {
        list = document.createElement('ol');
        list.className = 'comment-list';
        list.dataset.commentList = '';
        section.querySelector('[data-comments-empty]')?.replaceWith(list);
        if (!list.isConnected) home.before(list);
      }
    }
    list?.append(li);
    li.scrollIntoView({ block: 'nearest' });
  }
}

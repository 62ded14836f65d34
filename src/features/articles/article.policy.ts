import { Forbidden } from '../../lib/errors.js';
import type { Role, Staff } from '../auth/index.js';
import type { ArticleStatus } from './article.table.js';

/*
 * Who may do what with articles. Read it as a table:
 *
 *   role         read any   create            edit                     publish/schedule   delete
 *   owner        yes        yes               any                      yes                yes
 *   admin        yes        yes               any                      yes                yes
 *   editor       yes        yes               any                      yes                yes
 *   author       yes        yes               own                      own                own drafts
 *   contributor  yes        drafts only       own drafts               no                 own drafts
 *   moderator    no         no                no                       no                 no
 *
 * "Own" is the user behind the request, or the API key that created the article: a key acts as its
 * role and owns what it created, never what a person wrote. A co-author edits the article as
 * their own; deleting it is its author's alone.
 */

const EVERYTHING: readonly Role[] = ['owner', 'admin', 'editor'];
const WRITERS: readonly Role[] = [...EVERYTHING, 'author', 'contributor'];

/** The user behind a request; null for an API key. */
export function userIdOf(staff: Staff): number | null {
  return 'userId' in staff && typeof staff.userId === 'number' ? staff.userId : null;
}

/** Who writes a new article: the user behind the request, or the API key. */
export interface Writer {
  authorId: number | null;
  apiKeyId: number | null;
}

export function writerOf(staff: Staff): Writer {
  return {
    authorId: userIdOf(staff),
    apiKeyId: staff.kind === 'apikey' ? staff.id : null,
  };
}

/** Who an article belongs to: its author (or creating key), and for editing its co-authors. */
interface Owners {
  author_id: number | null;
  api_key_id: number | null;
  coauthor_ids?: readonly number[];
}

function isOwn(staff: Staff, article: Owners): boolean {
  if (staff.kind === 'apikey') return article.api_key_id === staff.id;
  return staff.userId === article.author_id || (article.coauthor_ids ?? []).includes(staff.userId);
}

export function authorizeRead(staff: Staff): void {
  if (!WRITERS.includes(staff.role)) throw new Forbidden('Your role cannot read articles.');
}

export function authorizeCreate(staff: Staff, status: ArticleStatus): void {
  if (!WRITERS.includes(staff.role)) throw new Forbidden('Your role cannot write articles.');
  if (staff.role === 'contributor' && status !== 'draft') {
    throw new Forbidden('Contributors write drafts; an editor publishes them.');
  }
}

/** Handing an article to another author (or filing it under someone else's name). */
export function authorizeAuthorChange(staff: Staff): void {
  if (!EVERYTHING.includes(staff.role)) {
    throw new Forbidden('Only an editor or an admin can change who an article is by.');
  }
}

export function authorizeEdit(
  staff: Staff,
  article: Owners & { status: ArticleStatus },
  nextStatus: ArticleStatus,
): void {
  if (EVERYTHING.includes(staff.role)) return;
  if (staff.role === 'author' && isOwn(staff, article)) return;
  if (
    staff.role === 'contributor' &&
    isOwn(staff, article) &&
    article.status === 'draft' &&
    nextStatus === 'draft'
  ) {
    return;
  }
  throw new Forbidden('Your role cannot change this article.');
}

export function authorizeDelete(
  staff: Staff,
  article: { author_id: number | null; api_key_id: number | null; status: ArticleStatus },
): void {
  if (EVERYTHING.includes(staff.role)) return;
  if (
    (staff.role === 'author' || staff.role === 'contributor') &&
    isOwn(staff, { author_id: article.author_id, api_key_id: article.api_key_id }) &&
    article.status === 'draft'
  ) {
    return;
  }
  throw new Forbidden('Your role cannot delete this article.');
}

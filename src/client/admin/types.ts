/* Shapes of the Admin API answers the admin app reads. */

export type Role = 'owner' | 'admin' | 'editor' | 'author' | 'contributor' | 'moderator';

export interface Me {
  id: number;
  name: string;
  role: Role;
}

export interface Span {
  text: string;
  marks?: ('bold' | 'italic' | 'code' | 'sup' | 'sub' | 'strike' | 'underline')[];
  href?: string;
  mention?: { type: 'show' | 'person' | 'character' | 'group' | 'event'; id: number };
}

export type Block =
  | { type: 'paragraph'; content: Span[] }
  | { type: 'heading'; level: 2 | 3 | 4; content: Span[] }
  | { type: 'quote'; content: Span[]; cite?: string }
  | { type: 'list'; ordered: boolean; items: Span[][] }
  | {
      type: 'image';
      src: string;
      alt: string;
      caption?: Span[];
      credit?: string;
      mediaId?: number;
      width?: number;
      height?: number;
    }
  | { type: 'video'; videoId: number; caption?: Span[] }
  | { type: 'code'; text: string }
  | { type: 'table'; header: boolean; rows: Span[][][]; caption?: Span[] }
  | {
      type: 'gallery';
      images: {
        src: string;
        alt: string;
        caption?: Span[];
        mediaId?: number;
        width?: number;
        height?: number;
      }[];
      caption?: Span[];
    }
  | { type: 'airtime'; episodeId: number };

export type Status = 'draft' | 'scheduled' | 'published' | 'archived';

export interface Article {
  id: number;
  title: string;
  slug: string;
  dek?: string;
  status: Status;
  published_at: string | null;
  updated_at?: string;
  author?: { id?: number; name: string; slug: string } | null;
  body?: Block[];
  tags?: { name: string; slug: string }[];
  url?: string;
  /** The feature image: a media library item (src is its largest JPEG). */
  feature_image_caption?: string;
  feature_image_credit?: string;
  feature_image?: {
    id: number;
    src: string;
    alt: string;
    width: number | null;
    height: number | null;
  } | null;
  /** The picture for link previews; null uses the feature image. */
  social_image?: { id: number; src: string; alt: string } | null;
  /** '' uses the title / the standfirst. */
  seo_title?: string;
  seo_description?: string;
  /** Staff who wrote it with the author, in byline order. */
  coauthors?: { id: number; name: string; slug: string }[];
  comments_enabled?: boolean;
  /** Linker suggestions rejected for this article (Admin API only). */
  rejected_mentions?: { type: NonNullable<Span['mention']>['type']; id: number }[];
}

/** A media library item as the Admin API answers it. */
export interface MediaItem {
  id: number;
  filename: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: number;
  alt: string;
  focal: { x: number; y: number } | null;
  created_by: { id: number; name: string } | null;
  created_at: string;
  url: string;
  renditions: { width: number; avif: string; webp: string; jpeg: string }[];
}

export interface Pagination {
  page: number;
  limit: number;
  pages: number;
  total: number;
}

/** What the roles may do, mirrored from docs/roles.md for showing and hiding controls only. */
export const MAY = {
  publish: ['owner', 'admin', 'editor', 'author'] as Role[],
  moderate: ['owner', 'admin', 'editor', 'moderator'] as Role[],
  write: ['owner', 'admin', 'editor', 'author', 'contributor'] as Role[],
  manage: ['owner', 'admin'] as Role[],
  /** dramas.write and people.write: shows, episodes, people, groups, events. */
  dramas: ['owner', 'admin', 'editor'] as Role[],
};

/**
 * Whether `me` may act on a colleague's account (role, suspension, reset link, sign out,
 * two-factor, deletion): a mirror of src/features/auth/account.policy.ts for display only; the
 * API decides. Admins manage the roles below admin, the owner also admins, nobody themselves.
 */
export function managesAccount(me: Me, user: { id: number; role: Role }): boolean {
  if (user.id === me.id || user.role === 'owner') return false;
  if (me.role === 'owner') return true;
  return me.role === 'admin' && user.role !== 'admin';
}

/** The roles `me` may give by invitation or role change: only the owner makes admins. */
export function givableRoles(me: Me): Role[] {
  const below: Role[] = ['editor', 'author', 'contributor', 'moderator'];
  if (me.role === 'owner') return ['admin', ...below];
  return me.role === 'admin' ? below : [];
}

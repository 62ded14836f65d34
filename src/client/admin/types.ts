/* Shapes of the Admin API answers the admin app reads. */

export type Role = 'owner' | 'admin' | 'editor' | 'author' | 'contributor' | 'moderator';

export interface Me {
  id: number;
  name: string;
  role: Role;
}

export interface Span {
  text: string;
  marks?: ('bold' | 'italic' | 'code')[];
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
      mediaId?: number;
      width?: number;
      height?: number;
    }
  | { type: 'video'; videoId: number; caption?: Span[] }
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
  author?: { id: number; name: string } | null;
  body?: Block[];
  tags?: { name: string; slug: string }[];
  url?: string;
  /** The feature image: a media library item (src is its largest JPEG). */
  feature_image?: {
    id: number;
    src: string;
    alt: string;
    width: number | null;
    height: number | null;
  } | null;
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

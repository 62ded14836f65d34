import type { Generated, Selectable } from 'kysely';

export interface MediaTable {
  id: Generated<number>;
  /** Public path under the site root, e.g. /media/2026/11/poster.webp. */
  path: string;
  mime: string;
  width: number | null;
  height: number | null;
  bytes: Generated<number>;
  alt: Generated<string>;
  caption: string | null;
  focal_x: number | null;
  focal_y: number | null;
  created_at: string;
  /** The uploaded file's name, cleaned for display; never used as a path. */
  original_name: string | null;
  created_by: number | null;
  /**
   * Library uploads: the rendered widths, ascending and comma-separated ("320,640,960"), each as
   * /media/<id>/<width>.avif|webp|jpg. Null for a row that is one plain file at `path`.
   */
  widths: string | null;
}
export type MediaRow = Selectable<MediaTable>;

/** A file of DEHO_MEDIA_STORAGE=postgres (PostgreSQL only; see its migration). */
export interface MediaFileTable {
  /** The path under /media/, e.g. library/12/640.webp. */
  key: string;
  size: number;
  /** Hex SHA-256 of `data`; its start is the file's ETag. */
  sha256: string;
  created_at: string;
  data: Buffer;
}

export type VideoKind = 'behind_the_scenes' | 'teaser' | 'trailer' | 'highlight' | 'clip';
export type VideoProvider = 'youtube' | 'naver' | 'vimeo' | 'dailymotion' | 'tiktok' | 'file';

export interface VideoTable {
  id: Generated<number>;
  title: string;
  kind: VideoKind;
  provider: VideoProvider;
  provider_id: string;
  url: string;
  start_seconds: Generated<number>;
  duration_seconds: number | null;
  poster_id: number | null;
  published_at: string | null;
  created_at: string;
  updated_at: string;
}
export type VideoRow = Selectable<VideoTable>;

export interface VideoShowTable {
  video_id: number;
  show_id: number;
}
export interface VideoPersonTable {
  video_id: number;
  person_id: number;
}

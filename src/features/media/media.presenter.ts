import { renditionPath } from './media.files.js';
import type { MediaRecord } from './media.repository.js';

/* Media rows as the Admin API and the reader pages see them. */

/** What a page needs to show a media item. */
export interface MediaImage {
  id: number;
  /** The one file of a plain row, or the largest JPEG of a library item. */
  src: string;
  alt: string;
  width: number | null;
  height: number | null;
  /** Rendered widths (ascending); empty for a plain file. */
  widths: number[];
  /** Where the subject is, 0..1 from the left and from the top. */
  focal: { x: number; y: number } | null;
}

export function parseWidths(widths: string | null): number[] {
  if (widths === null || widths === '') return [];
  return widths
    .split(',')
    .map(Number)
    .filter((w) => Number.isInteger(w) && w > 0);
}

export function toMediaImage(row: {
  id: number;
  path: string;
  alt: string;
  width: number | null;
  height: number | null;
  widths: string | null;
  focal_x: number | null;
  focal_y: number | null;
}): MediaImage {
  return {
    id: row.id,
    src: row.path,
    alt: row.alt,
    width: row.width,
    height: row.height,
    widths: parseWidths(row.widths),
    focal: row.focal_x === null || row.focal_y === null ? null : { x: row.focal_x, y: row.focal_y },
  };
}

/** A media item in Admin API answers; URLs are absolute. */
export function toApiMedia(row: MediaRecord, baseUrl: string) {
  const image = toMediaImage(row);
  return {
    id: row.id,
    filename: row.original_name ?? row.path.split('/').pop() ?? '',
    mime: row.mime,
    width: row.width,
    height: row.height,
    bytes: Number(row.bytes),
    alt: row.alt,
    focal: image.focal,
    created_by:
      row.created_by === null ? null : { id: row.created_by, name: row.created_by_name ?? '' },
    created_at: row.created_at,
    url: baseUrl + row.path,
    renditions: image.widths.map((width) => ({
      width,
      avif: baseUrl + renditionPath(row.id, width, 'avif'),
      webp: baseUrl + renditionPath(row.id, width, 'webp'),
      jpeg: baseUrl + renditionPath(row.id, width, 'jpg'),
    })),
  };
}
export type ApiMedia = ReturnType<typeof toApiMedia>;

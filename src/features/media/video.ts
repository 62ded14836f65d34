import type { DbOrTrx } from '../../db/database.js';
import type { VideoKind, VideoProvider } from './media.table.js';
import type { ParsedVideoUrl } from './video-url.js';

/** A clip as the article page needs it. */
export interface VideoView {
  id: number;
  title: string;
  kind: VideoKind;
  provider: VideoProvider;
  providerId: string;
  /** The provider's own page for the clip (the link that works without JavaScript). */
  url: string;
  startSeconds: number;
  poster: { src: string; alt: string } | null;
}

/** Videos by id, with their local posters, in one query. */
export async function findVideosByIds(
  db: DbOrTrx,
  ids: readonly number[],
): Promise<Map<number, VideoView>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('videos')
    .leftJoin('media', 'media.id', 'videos.poster_id')
    .select([
      'videos.id',
      'videos.title',
      'videos.kind',
      'videos.provider',
      'videos.provider_id',
      'videos.url',
      'videos.start_seconds',
      'media.path as poster_path',
      'media.alt as poster_alt',
    ])
    .where('videos.id', 'in', [...ids])
    .execute();
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        title: row.title,
        kind: row.kind,
        provider: row.provider,
        providerId: row.provider_id,
        url: row.url,
        startSeconds: row.start_seconds,
        poster:
          row.poster_path === null ? null : { src: row.poster_path, alt: row.poster_alt ?? '' },
      },
    ]),
  );
}

/**
 * The privacy-friendly player address loaded after the reader clicks the facade
 * (youtube-nocookie for YouTube). Undefined for providers without an embeddable player.
 */
export function embedUrl(
  video: Pick<VideoView, 'provider' | 'providerId' | 'startSeconds'>,
): string | undefined {
  const id = encodeURIComponent(video.providerId);
  const start = video.startSeconds;
  switch (video.provider) {
    case 'youtube':
      return `https://www.youtube-nocookie.com/embed/${id}?autoplay=1${start ? `&start=${start}` : ''}`;
    case 'vimeo':
      return `https://player.vimeo.com/video/${id}?autoplay=1${start ? `#t=${start}s` : ''}`;
    case 'naver':
      return `https://tv.naver.com/embed/${id}?autoPlay=true`;
    case 'dailymotion':
      return `https://www.dailymotion.com/embed/video/${id}?autoplay=1${start ? `&start=${start}` : ''}`;
    case 'tiktok':
      return `https://www.tiktok.com/embed/v2/${id}`;
    case 'file':
      return undefined;
  }
}

const PROVIDER_NAMES: Readonly<Record<VideoProvider, string>> = {
  youtube: 'YouTube',
  vimeo: 'Vimeo',
  naver: 'Naver TV',
  dailymotion: 'Dailymotion',
  tiktok: 'TikTok',
  file: 'this site',
};

export function providerName(provider: VideoProvider): string {
  return PROVIDER_NAMES[provider];
}

/**
 * The video row of a clip, made the first time the clip is used (a pasted URL, a video block
 * of an article written as HTML): one row per provider and clip id.
 */
export async function findOrCreateClip(db: DbOrTrx, clip: ParsedVideoUrl, now: string) {
  const columns = ['id', 'title', 'provider', 'provider_id', 'url'] as const;
  const existing = await db
    .selectFrom('videos')
    .select(columns)
    .where('provider', '=', clip.provider)
    .where('provider_id', '=', clip.providerId)
    .executeTakeFirst();
  if (existing !== undefined) return { video: existing, created: false };
  const video = await db
    .insertInto('videos')
    .values({
      title: `Video from ${clip.provider}`,
      kind: 'clip',
      provider: clip.provider,
      provider_id: clip.providerId,
      url: clip.url,
      start_seconds: clip.startSeconds,
      created_at: now,
      updated_at: now,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
  return { video, created: true };
}

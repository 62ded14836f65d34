import type { VideoProvider } from './media.table.js';

/** A clip address understood: which provider, its id there, and where to start. */
export interface ParsedVideoUrl {
  provider: Exclude<VideoProvider, 'file'>;
  providerId: string;
  startSeconds: number;
  /** The canonical page of the clip on the provider's site. */
  url: string;
}

function startOf(url: URL): number {
  const raw =
    url.searchParams.get('t') ?? url.searchParams.get('start') ?? url.hash.replace(/^#t=/, '');
  if (!raw) return 0;
  if (/^\d+$/.test(raw)) return Number(raw);
  const match = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(raw);
  if (!match) return 0;
  return Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0);
}

/**
 * Recognises YouTube, Vimeo, Naver TV, Dailymotion and TikTok clip URLs.
 * @returns the parsed clip, or undefined when the URL is not a clip of a known provider
 */
export function parseVideoUrl(input: string): ParsedVideoUrl | undefined {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  const host = url.hostname.replace(/^(www\.|m\.)/, '');
  const path = url.pathname;
  const start = startOf(url);
  let match: RegExpExecArray | null;
  if (host === 'youtube.com' || host === 'youtube-nocookie.com' || host === 'youtu.be') {
    const id =
      host === 'youtu.be'
        ? path.slice(1)
        : path === '/watch'
          ? url.searchParams.get('v')
          : (/^\/(?:embed|shorts|live)\/([^/]+)/.exec(path)?.[1] ?? null);
    if (id === null || !/^[\w-]{11}$/.test(id)) return undefined;
    return {
      provider: 'youtube',
      providerId: id,
      startSeconds: start,
      url: `https://www.youtube.com/watch?v=${id}`,
    };
  }
  if (
    (host === 'vimeo.com' || host === 'player.vimeo.com') &&
    (match = /\/(?:video\/)?(\d+)(?:\/|$)/.exec(path))
  ) {
    const id = match[1] ?? '';
    return {
      provider: 'vimeo',
      providerId: id,
      startSeconds: start,
      url: `https://vimeo.com/${id}`,
    };
  }
  if (host === 'tv.naver.com' && (match = /^\/(?:v|embed)\/(\d+)/.exec(path))) {
    const id = match[1] ?? '';
    return {
      provider: 'naver',
      providerId: id,
      startSeconds: start,
      url: `https://tv.naver.com/v/${id}`,
    };
  }
  if (
    (host === 'dailymotion.com' && (match = /^\/(?:embed\/)?video\/([a-zA-Z0-9]+)/.exec(path))) ||
    (host === 'dai.ly' && (match = /^\/([a-zA-Z0-9]+)/.exec(path)))
  ) {
    const id = match[1] ?? '';
    return {
      provider: 'dailymotion',
      providerId: id,
      startSeconds: start,
      url: `https://www.dailymotion.com/video/${id}`,
    };
  }
  if (host === 'tiktok.com' && (match = /^\/@([\w.-]+)\/video\/(\d+)/.exec(path))) {
    const id = match[2] ?? '';
    return {
      provider: 'tiktok',
      providerId: id,
      startSeconds: 0,
      url: `https://www.tiktok.com/@${match[1] ?? ''}/video/${id}`,
    };
  }
  return undefined;
}

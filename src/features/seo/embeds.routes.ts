import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { OutboundError, outboundRequest } from '../../http/outbound.js';
import { ValidationFailed } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import { embedUrl, parseVideoUrl, providerName } from '../media/index.js';

/** Providers' public oEmbed endpoints, for a clip's title and thumbnail. */
const OEMBED_ENDPOINTS: Readonly<Record<string, string>> = {
  youtube: 'https://www.youtube.com/oembed?format=json&url=',
  vimeo: 'https://vimeo.com/api/oembed.json?url=',
  dailymotion: 'https://www.dailymotion.com/services/oembed?format=json&url=',
  tiktok: 'https://www.tiktok.com/oembed?url=',
};

const ResolveBody = Type.Object(
  {
    /** A clip's address as pasted: YouTube, Vimeo, Naver TV, Dailymotion or TikTok. */
    url: Type.String({ minLength: 1, maxLength: 2000 }),
    /** Ask the provider for the title and thumbnail (default true; 3 s limit, SSRF-guarded). */
    fetch_metadata: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);

interface Metadata {
  title: string | null;
  thumbnail_url: string | null;
}

/** Title and thumbnail from the provider's oEmbed endpoint; nothing when it fails. */
async function providerMetadata(
  provider: string,
  url: string,
  allow: readonly string[],
): Promise<Metadata> {
  const endpoint = OEMBED_ENDPOINTS[provider];
  const none = { title: null, thumbnail_url: null };
  if (endpoint === undefined) return none;
  try {
    const response = await outboundRequest(endpoint + encodeURIComponent(url), {
      timeoutMs: 3_000,
      maxResponseBytes: 64 * 1024,
      headers: { accept: 'application/json' },
      allow,
    });
    if (response.status !== 200 || response.truncated) return none;
    const data = JSON.parse(response.body.toString('utf8')) as {
      title?: unknown;
      thumbnail_url?: unknown;
    };
    const text = (value: unknown, max: number) =>
      typeof value === 'string' && value.length <= max ? value : null;
    const thumbnail = text(data.thumbnail_url, 2000);
    return {
      title: text(data.title, 300),
      thumbnail_url: thumbnail !== null && /^https:\/\//.test(thumbnail) ? thumbnail : null,
    };
  } catch (error) {
    if (error instanceof OutboundError || error instanceof SyntaxError) return none;
    throw error;
  }
}

/**
 * Admin API: POST /embeds/resolve {"url"} → the video block the editor inserts (provider, id,
 * start time, title), with the privacy-friendly player address (youtube-nocookie for YouTube).
 */
export function embedAdminRoutes(app: App, ctx: AppContext): void {
  app.post('/embeds/resolve', { schema: { body: ResolveBody } }, async (request) => {
    requireCan(request, 'articles.write');
    const clip = parseVideoUrl(request.body.url);
    if (clip === undefined) {
      throw new ValidationFailed(
        'url is not a clip address of YouTube, Vimeo, Naver TV, Dailymotion or TikTok.',
        'url',
      );
    }
    const metadata =
      request.body.fetch_metadata === false
        ? { title: null, thumbnail_url: null }
        : await providerMetadata(clip.provider, clip.url, ctx.config.outboundAllow);
    return {
      embed: {
        type: 'video',
        provider: clip.provider,
        provider_name: providerName(clip.provider),
        provider_id: clip.providerId,
        start_seconds: clip.startSeconds,
        url: clip.url,
        embed_url:
          embedUrl({
            provider: clip.provider,
            providerId: clip.providerId,
            startSeconds: clip.startSeconds,
          }) ?? null,
        ...metadata,
      },
    };
  });
}

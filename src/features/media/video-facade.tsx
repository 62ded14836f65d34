import { embedUrl, providerName, type VideoView } from './video.js';

/**
 * A click-to-load video: a local poster and a play button. Nothing is requested from the
 * provider until the reader clicks (the `video-facade` island then swaps in the player).
 * Without JavaScript the play button is a plain link to the clip on the provider's site.
 */
export function VideoFacade({ video }: { video: VideoView }) {
  const embed = embedUrl(video);
  const provider = providerName(video.provider);
  return (
    <figure class="video" data-video-facade={embed} data-video-title={video.title}>
      <a class="video__link" href={video.url} rel="noopener">
        {video.poster ? (
          <img
            class="video__poster"
            src={video.poster.src}
            alt={video.poster.alt}
            width={1280}
            height={720}
            loading="lazy"
            decoding="async"
          />
        ) : (
          <span class="video__poster video__poster--blank" />
        )}
        <span class="video__play" aria-hidden="true" />
        <span class="video__label">
          Play “{video.title}” <span class="video__provider">from {provider}</span>
        </span>
      </a>
      <figcaption class="video__note">
        The player loads from {provider} only when you press play.
      </figcaption>
    </figure>
  );
}

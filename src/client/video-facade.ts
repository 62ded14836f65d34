/*
 * Island: turns each server-rendered video facade (views: media/video-facade.tsx) into the
 * provider's player on click. Until then the page makes no request to the provider.
 */
for (const figure of document.querySelectorAll<HTMLElement>('[data-video-facade]')) {
  const src = figure.dataset.videoFacade;
  const link = figure.querySelector<HTMLAnchorElement>('.video__link');
  if (!src || link === null) continue;
  link.addEventListener('click', (event) => {
    event.preventDefault();
    const frame = document.createElement('iframe');
    frame.className = 'video__frame';
    frame.src = src;
    frame.title = figure.dataset.videoTitle ?? 'Video player';
    frame.allow = 'autoplay; encrypted-media; picture-in-picture; fullscreen';
    frame.allowFullscreen = true;
    frame.referrerPolicy = 'strict-origin-when-cross-origin';
    link.replaceWith(frame);
    frame.focus();
  });
}

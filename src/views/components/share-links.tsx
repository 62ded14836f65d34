/*
 * Share links of an article: plain links to each service's own share page, so that nothing is
 * asked of another site until the reader clicks. The share island (src/client/share.ts) shows
 * "Copy link" and the system share sheet where the browser has them. Pure.
 */

export interface ShareTarget {
  /** Absolute URL of the page to share. */
  url: string;
  title: string;
}

export interface ShareService {
  name: string;
  href: string;
}

/**
 * The share links, in the order readers of Korean entertainment news use them most. KakaoTalk
 * is missing on purpose: it shares only through Kakao's SDK with an app key, a third-party
 * script; its readers reach it through the system share sheet (the island's "More apps" button).
 */
export function shareServices({ url, title }: ShareTarget): ShareService[] {
  const u = encodeURIComponent(url);
  const text = encodeURIComponent(title);
  return [
    { name: 'X', href: `https://x.com/intent/post?text=${text}&url=${u}` },
    { name: 'Facebook', href: `https://www.facebook.com/sharer/sharer.php?u=${u}` },
    { name: 'LINE', href: `https://social-plugins.line.me/lineit/share?url=${u}` },
    { name: 'WhatsApp', href: `https://wa.me/?text=${encodeURIComponent(`${title} ${url}`)}` },
  ];
}

/**
 * The "Share" box. The two buttons are hidden until the island finds what they need
 * (navigator.clipboard, navigator.share): without JavaScript the links alone show.
 */
export function ShareLinks({ target }: { target: ShareTarget }) {
  return (
    <section
      class="share"
      aria-labelledby="share-heading"
      data-share-url={target.url}
      data-share-title={target.title}
    >
      <h2 id="share-heading" class="label">
        Share
      </h2>
      <ul class="chips">
        {shareServices(target).map((service) => (
          <li key={service.name}>
            <a href={service.href} rel="noopener noreferrer nofollow">
              {service.name}
            </a>
          </li>
        ))}
        <li hidden data-share-native>
          <button type="button" class="share__button">
            KakaoTalk and more apps
          </button>
        </li>
        <li hidden data-share-copy>
          <button type="button" class="share__button">
            Copy link
          </button>
        </li>
      </ul>
      <p class="share__status" role="status" data-share-status></p>
    </section>
  );
}

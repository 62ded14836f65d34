/*
 * Headers that limit what a page of ours may do in the browser, shared by helmet's
 * Content-Security-Policy (src/app.ts), the Permissions-Policy hook and the answers the fast
 * path writes itself (fast-path.ts).
 */

/** The video providers' player hosts: the only frames a page may show, after a click. */
export const EMBED_ORIGINS = [
  'https://www.youtube-nocookie.com',
  'https://player.vimeo.com',
  'https://tv.naver.com',
  'https://www.dailymotion.com',
  'https://www.tiktok.com',
] as const;

/** What a started player needs (the facade's iframe `allow`); granted to the page and the players. */
const PLAYER_FEATURES = ['autoplay', 'encrypted-media', 'fullscreen', 'picture-in-picture'];

/*
 * Nothing in Deho uses a camera, a microphone, sensors, payments, devices or the user's position,
 * so the page and every frame are denied them: a script that got in anyway, or a player, cannot
 * ask. The names are the ones Chromium 156 recognises (others only print a console warning).
 */
const DENIED_FEATURES = [
  'accelerometer',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'local-fonts',
  'magnetometer',
  'microphone',
  'midi',
  'otp-credentials',
  'payment',
  'publickey-credentials-create',
  'publickey-credentials-get',
  'screen-wake-lock',
  'serial',
  'usb',
  'window-management',
  'xr-spatial-tracking',
];

/** The Permissions-Policy of every answer: reader pages, admin, APIs and media. */
export const PERMISSIONS_POLICY = [
  ...PLAYER_FEATURES.map(
    (feature) => `${feature}=(self ${EMBED_ORIGINS.map((origin) => `"${origin}"`).join(' ')})`,
  ),
  ...DENIED_FEATURES.map((feature) => `${feature}=()`),
].join(', ');

/*
 * The security headers of an answer the server writes itself, outside Fastify and helmet (the
 * 503s of fast-path.ts): an error page with no user text, whose scripts and styles are the site's.
 */
export const PLAIN_ANSWER_HEADERS: Readonly<Record<string, string>> = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'referrer-policy': 'same-origin',
  'permissions-policy': PERMISSIONS_POLICY,
};

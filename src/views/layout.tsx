import type { ComponentChildren } from 'preact';
import { assetUrl } from './assets.js';
import type { SiteInfo } from './site.js';

export interface LayoutProps {
  site: SiteInfo;
  /** The page's own title; the site title is appended. */
  title?: string;
  /** The whole <title> as written (an article's SEO title); nothing is appended. */
  fullTitle?: string;
  description?: string;
  /** Path of the canonical URL of this page, e.g. /news/some-slug. */
  canonicalPath?: string;
  /** Islands (bundled client scripts) this page loads, by file name without .js. */
  islands?: readonly string[];
  /** Extra elements for <head> (Open Graph, structured data). */
  head?: ComponentChildren;
  /** This page's own feeds (a tag's, show's or person's), linked for autodiscovery. */
  feeds?: readonly PageFeed[];
  children: ComponentChildren;
}

/** A feed that a page offers, besides the site-wide ones. */
export interface PageFeed {
  type: 'rss' | 'atom' | 'json';
  title: string;
  /** Site path, e.g. /tags/casting/feed.xml */
  href: string;
}

const FEED_TYPES: Readonly<Record<PageFeed['type'], string>> = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
};

const NAV = [
  ['/', 'News'],
  ['/shows', 'Shows'],
  ['/people', 'People'],
  ['/schedule', 'Schedule'],
  ['/search', 'Search'],
] as const;

/** The indexes, linked from every page's footer. */
const BROWSE = [
  ['/shows', 'Shows'],
  ['/people', 'People'],
  ['/groups', 'Groups'],
  ['/tags', 'Tags'],
  ['/events', 'Events'],
] as const;

export function Layout(props: LayoutProps) {
  const { site } = props;
  const fullTitle =
    props.fullTitle ?? (props.title ? `${props.title} · ${site.title}` : site.title);
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{fullTitle}</title>
        <meta name="description" content={props.description ?? site.description} />
        <meta name="color-scheme" content="light dark" />
        {props.canonicalPath !== undefined && (
          <link rel="canonical" href={site.baseUrl + props.canonicalPath} />
        )}
        <link rel="stylesheet" href={assetUrl('site.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <link rel="alternate" type="application/rss+xml" title={site.title} href="/feed.xml" />
        <link rel="alternate" type="application/atom+xml" title={site.title} href="/atom.xml" />
        <link rel="alternate" type="application/feed+json" title={site.title} href="/feed.json" />
        {(props.feeds ?? []).map((feed) => (
          <link
            key={feed.href}
            rel="alternate"
            type={FEED_TYPES[feed.type]}
            title={feed.title}
            href={feed.href}
          />
        ))}
        {props.head}
        {(props.islands ?? []).map((name) => (
          <script key={name} type="module" src={assetUrl(`${name}.js`)} />
        ))}
      </head>
      <body>
        <a class="skip-link" href="#main">
          Skip to content
        </a>
        <header class="site-header">
          <div class="wrap site-header__inner">
            <a class="site-title" href="/">
              {site.title}
            </a>
            <nav aria-label="Main">
              <ul class="nav">
                {NAV.map(([href, label]) => (
                  <li key={href}>
                    <a href={href}>{label}</a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap" tabIndex={-1}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              {site.title} — {site.description}
            </p>
            <nav aria-label="Browse">
              <ul class="nav">
                {BROWSE.map(([href, label]) => (
                  <li key={href}>
                    <a href={href}>{label}</a>
                  </li>
                ))}
              </ul>
            </nav>
            <p>
              <a href="/feed.xml">RSS</a> · <a href="/atom.xml">Atom</a> ·{' '}
              <a href="/feed.json">JSON Feed</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

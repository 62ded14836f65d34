import { JsonLd, type JsonLdObject } from './json-ld.js';

/*
 * What search engines and social sites read from an article's <head>: Open Graph, Twitter card,
 * JSON-LD NewsArticle (with a VideoObject per clip), and oEmbed discovery. Pure: plain data in,
 * elements out; every URL given here is already absolute.
 */

export interface ShareVideo {
  name: string;
  description: string;
  /** The provider's page of the clip. */
  contentUrl: string;
  /** The player address, when the provider has one. */
  embedUrl: string | undefined;
  thumbnailUrl: string | undefined;
  /** ISO-8601; the article's publication time when the clip's own is unknown. */
  uploadDate: string;
}

export interface ShareArticle {
  url: string;
  title: string;
  /** What link previews show as the title: the SEO title, or the title. */
  shareTitle: string;
  description: string;
  publishedAt: string | null;
  updatedAt: string;
  /** The byline: the author, then the co-authors, each with the absolute URL of their page. */
  authors: readonly { name: string; url: string }[];
  image: { url: string; alt: string; width: number | null; height: number | null } | null;
  tags: readonly string[];
  videos: readonly ShareVideo[];
}

export interface ShareSite {
  title: string;
  baseUrl: string;
  /** Absolute URL of the site's logo, a raster image (PNG). */
  logoUrl: string;
}

/** The site's publisher: its name, home page and raster logo (Google takes no SVG logo). */
function organization(site: ShareSite): JsonLdObject {
  return {
    '@type': 'Organization',
    name: site.title,
    url: site.baseUrl + '/',
    logo: { '@type': 'ImageObject', url: site.logoUrl },
  };
}

/**
 * schema.org WebSite (with the site search as a SearchAction) and Organization, for the home
 * page.
 */
export function siteJsonLd(site: ShareSite): JsonLdObject[] {
  return [
    {
      '@context': 'https://schema.org',
      '@type': 'WebSite',
      name: site.title,
      url: site.baseUrl + '/',
      potentialAction: {
        '@type': 'SearchAction',
        target: {
          '@type': 'EntryPoint',
          urlTemplate: `${site.baseUrl}/search?q={search_term_string}`,
        },
        'query-input': 'required name=search_term_string',
      },
    },
    { '@context': 'https://schema.org', ...organization(site) },
  ];
}

/**
 * schema.org NewsArticle for an article, with its clips as VideoObjects. The author is a Person
 * whose `url` is their author page (/authors/:slug).
 */
export function newsArticleJsonLd(article: ShareArticle, site: ShareSite): JsonLdObject {
  const publisher = organization(site);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
    url: article.url,
    headline: article.title.length > 110 ? article.title.slice(0, 109) + '…' : article.title,
    description: article.description,
    ...(article.publishedAt !== null && { datePublished: article.publishedAt }),
    dateModified: article.updatedAt,
    author:
      article.authors.length === 0
        ? [{ '@type': 'Organization', name: site.title, url: site.baseUrl + '/' }]
        : article.authors.map((author) => ({
            '@type': 'Person',
            name: author.name,
            url: author.url,
          })),
    publisher,
    ...(article.image !== null && {
      image: [
        {
          '@type': 'ImageObject',
          url: article.image.url,
          ...(article.image.width !== null && { width: article.image.width }),
          ...(article.image.height !== null && { height: article.image.height }),
        },
      ],
    }),
    ...(article.tags.length > 0 && {
      keywords: article.tags.join(', '),
      articleSection: article.tags[0],
    }),
    inLanguage: 'en',
    ...(article.videos.length > 0 && {
      video: article.videos.map((video) => ({
        '@type': 'VideoObject',
        name: video.name,
        description: video.description,
        contentUrl: video.contentUrl,
        ...(video.embedUrl !== undefined && { embedUrl: video.embedUrl }),
        thumbnailUrl: [video.thumbnailUrl ?? article.image?.url ?? site.logoUrl],
        uploadDate: video.uploadDate,
      })),
    }),
  };
}

/** The <head> elements for an article page. */
export function ArticleShareMeta({ article, site }: { article: ShareArticle; site: ShareSite }) {
  const oembed = `${site.baseUrl}/oembed?format=json&url=${encodeURIComponent(article.url)}`;
  return (
    <>
      <meta property="og:type" content="article" />
      <meta property="og:site_name" content={site.title} />
      <meta property="og:title" content={article.shareTitle} />
      <meta property="og:description" content={article.description} />
      <meta property="og:url" content={article.url} />
      <meta property="og:locale" content="en_US" />
      {article.image && (
        <>
          <meta property="og:image" content={article.image.url} />
          {article.image.width !== null && (
            <meta property="og:image:width" content={String(article.image.width)} />
          )}
          {article.image.height !== null && (
            <meta property="og:image:height" content={String(article.image.height)} />
          )}
          <meta property="og:image:alt" content={article.image.alt} />
        </>
      )}
      {article.publishedAt && (
        <meta property="article:published_time" content={article.publishedAt} />
      )}
      <meta property="article:modified_time" content={article.updatedAt} />
      {article.authors.map((author) => (
        <meta key={author.name} property="article:author" content={author.name} />
      ))}
      {article.tags.map((tag) => (
        <meta key={tag} property="article:tag" content={tag} />
      ))}
      <meta name="twitter:card" content={article.image ? 'summary_large_image' : 'summary'} />
      <meta name="twitter:title" content={article.shareTitle} />
      <meta name="twitter:description" content={article.description} />
      {article.image && <meta name="twitter:image" content={article.image.url} />}
      {article.image && <meta name="twitter:image:alt" content={article.image.alt} />}
      <link rel="alternate" type="application/json+oembed" href={oembed} title={article.title} />
      <link
        rel="alternate"
        type="text/xml+oembed"
        href={oembed.replace('format=json', 'format=xml')}
        title={article.title}
      />
      <JsonLd data={newsArticleJsonLd(article, site)} />
    </>
  );
}

import { Fragment, type ComponentChildren } from 'preact';
import { formatDate, formatInZone } from '../../lib/time.js';
import { assetUrl } from '../../views/assets.js';
import { JsonLd } from '../../views/components/json-ld.js';
import {
  ArticleShareMeta,
  siteJsonLd,
  type ShareSite,
  type ShareVideo,
} from '../../views/components/share-meta.js';
import { ShareLinks } from '../../views/components/share-links.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { embedUrl, Picture } from '../media/index.js';
import { ArticleList, Pager } from './article-list.js';
import { authorPath, type ArticleDetail, type ArticleSummary } from './article.model.js';
import { Body, type BodyContext } from './block-views.js';
import type { Block } from './blocks.js';

export interface ArticlePageProps {
  site: SiteInfo;
  article: ArticleDetail;
  body: BodyContext;
  related: readonly ArticleSummary[];
  /** The comments section, rendered by the comments feature. */
  comments: ComponentChildren;
  islands: readonly string[];
  /** Shown above the article, outside it (a preview's banner). */
  notice?: ComponentChildren;
}

/** The hero spans the text column (site.css --measure, 42rem). */
const HERO_SIZES = '(min-width: 44rem) 42rem, 100vw';

const absolute = (site: SiteInfo, src: string) => (src.startsWith('/') ? site.baseUrl + src : src);

/** The site as structured data names it; the logo is a PNG (public/assets/logo.png). */
const shareSite = (site: SiteInfo): ShareSite => ({
  title: site.title,
  baseUrl: site.baseUrl,
  logoUrl: site.baseUrl + assetUrl('logo.png'),
});

/** Open Graph, Twitter card, JSON-LD NewsArticle/VideoObject and oEmbed links of an article. */
function ArticleHead({ site, article, body }: Pick<ArticlePageProps, 'site' | 'article' | 'body'>) {
  const videos: ShareVideo[] = article.body.flatMap((block) => {
    const video = block.type === 'video' ? body.videos.get(block.videoId) : undefined;
    if (video === undefined) return [];
    const thumbnail =
      video.poster !== null
        ? absolute(site, video.poster.src)
        : video.provider === 'youtube'
          ? `https://i.ytimg.com/vi/${encodeURIComponent(video.providerId)}/hqdefault.jpg`
          : undefined;
    return [
      {
        name: video.title,
        description: `${video.title}, in “${article.title}”.`,
        contentUrl: video.url,
        embedUrl: embedUrl(video)?.replace(/[?#].*$/, ''),
        thumbnailUrl: thumbnail,
        uploadDate: article.publishedAt ?? article.updatedAt,
      },
    ];
  });
  const shareImage = article.socialImage ?? article.image;
  return (
    <ArticleShareMeta
      site={shareSite(site)}
      article={{
        url: site.baseUrl + article.path,
        title: article.title,
        shareTitle: article.seoTitle || article.title,
        description: article.seoDescription || article.dek || site.description,
        publishedAt: article.publishedAt,
        updatedAt: article.updatedAt,
        authors: bylineOf(article).map((person) => ({
          name: person.name,
          url: site.baseUrl + authorPath(person.slug),
        })),
        image: shareImage === null ? null : { ...shareImage, url: absolute(site, shareImage.src) },
        tags: article.tags.map((tag) => tag.name),
        videos,
      }}
    />
  );
}

/** The feature image at the top of the article: the page's largest paint, loaded first. */
function HeroPicture({ image }: { image: NonNullable<ArticleDetail['image']> }) {
  return (
    <Picture
      image={image}
      sizes={HERO_SIZES}
      className="article__image"
      loading="eager"
      fetchpriority="high"
    />
  );
}

/** The author, then the co-authors, as the byline names them. */
function bylineOf(article: ArticleDetail): { name: string; slug: string }[] {
  return [...(article.author === null ? [] : [article.author]), ...article.coauthors];
}

/** "A", "A and B", "A, B and C", each a link to the person's author page. */
function Byline({ people }: { people: readonly { name: string; slug: string }[] }) {
  return (
    <>
      {people.map((person, i) => (
        <Fragment key={person.slug}>
          {i > 0 && (i === people.length - 1 ? ' and ' : ', ')}
          <a href={authorPath(person.slug)} rel="author">
            {person.name}
          </a>
        </Fragment>
      ))}
    </>
  );
}

export function ArticlePage(props: ArticlePageProps) {
  const { site, article, body, related, comments, islands } = props;
  const byline = bylineOf(article);
  return (
    <Layout
      site={site}
      title={article.title}
      {...(article.seoTitle !== '' && { fullTitle: article.seoTitle })}
      description={article.seoDescription || article.dek || undefined}
      canonicalPath={article.path}
      islands={['local-time', 'video-facade', 'share', ...islands]}
      head={<ArticleHead site={site} article={article} body={body} />}
    >
      {props.notice}
      <article class="article" aria-labelledby="article-title">
        <header class="article__header">
          {article.tags[0] && (
            <p class="kicker">
              <a href={`/tags/${article.tags[0].slug}`}>{article.tags[0].name}</a>
            </p>
          )}
          <h1 id="article-title">{article.title}</h1>
          {article.dek && <p class="dek">{article.dek}</p>}
          <p class="meta byline">
            {byline.length > 0 && (
              <span>
                By <Byline people={byline} />
              </span>
            )}
            {article.publishedAt && (
              <>
                {byline.length > 0 && ' · '}
                <time
                  dateTime={article.publishedAt}
                  title={formatInZone(article.publishedAt, site.zone)}
                >
                  {formatDate(article.publishedAt, site.zone)}
                </time>
              </>
            )}
          </p>
        </header>
        {article.image &&
          (article.imageCaption === '' && article.imageCredit === '' ? (
            <HeroPicture image={article.image} />
          ) : (
            <figure class="article__figure">
              <HeroPicture image={article.image} />
              <figcaption>
                {article.imageCaption}
                {article.imageCredit !== '' && (
                  <span class="figure__credit">{article.imageCredit}</span>
                )}
              </figcaption>
            </figure>
          ))}
        <Body blocks={article.body} ctx={body} />
        <footer class="article__footer">
          <ShareLinks target={{ url: site.baseUrl + article.path, title: article.title }} />
          {article.tags.length > 0 && (
            <section aria-labelledby="tags-heading">
              <h2 id="tags-heading" class="label">
                Tags
              </h2>
              <ul class="chips">
                {article.tags.map((tag) => (
                  <li key={tag.id}>
                    <a href={`/tags/${tag.slug}`}>{tag.name}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          {(article.shows.length > 0 || article.people.length > 0) && (
            <section aria-labelledby="about-heading">
              <h2 id="about-heading" class="label">
                In this story
              </h2>
              <ul class="chips">
                {article.shows.map((show) => (
                  <li key={`s${show.id}`}>
                    <a href={`/shows/${show.slug}`}>{show.title}</a>
                  </li>
                ))}
                {article.people.map((person) => (
                  <li key={`p${person.id}`}>
                    <a href={`/people/${person.slug}`}>
                      {person.name}
                      {person.nameKo && (
                        <span lang="ko" class="ko">
                          {' '}
                          {person.nameKo}
                        </span>
                      )}
                    </a>
                  </li>
                ))}
              </ul>
            </section>
          )}
        </footer>
      </article>
      {related.length > 0 && (
        <section class="related" aria-labelledby="related-heading">
          <h2 id="related-heading">Related news</h2>
          <ArticleList articles={related} zone={site.zone} headingLevel={3} />
        </section>
      )}
      {comments}
    </Layout>
  );
}

export interface HomePageProps {
  site: SiteInfo;
  /** Featured articles (sticky in WordPress), shown above the latest news on page 1. */
  featured: readonly ArticleSummary[];
  articles: readonly ArticleSummary[];
  page: number;
  pages: number;
  /** The "airing this week" box, rendered by the dramas feature. */
  airing: ComponentChildren;
}

export function HomePage({ site, articles, featured, page, pages, airing }: HomePageProps) {
  return (
    <Layout
      site={site}
      title={page > 1 ? `Latest news, page ${page}` : undefined}
      canonicalPath={page > 1 ? `/?page=${page}` : '/'}
      islands={['local-time']}
      head={page === 1 && <JsonLd data={siteJsonLd(shareSite(site))} />}
    >
      <div class="home">
        {featured.length > 0 && (
          <section class="featured" aria-labelledby="featured-heading">
            <h2 id="featured-heading">Featured</h2>
            <ArticleList articles={featured} zone={site.zone} />
          </section>
        )}
        <section class="home__news" aria-labelledby="latest-heading">
          <h1 id="latest-heading">Latest news</h1>
          <ArticleList articles={articles} zone={site.zone} />
          <Pager path="/" page={page} pages={pages} />
        </section>
        <aside class="home__aside" aria-label="Airing this week">
          {airing}
        </aside>
      </div>
    </Layout>
  );
}

export interface TagPageProps {
  site: SiteInfo;
  tag: { slug: string; name: string; description: string | null };
  articles: readonly ArticleSummary[];
  page: number;
  pages: number;
}

export function TagPage({ site, tag, articles, page, pages }: TagPageProps) {
  const path = `/tags/${tag.slug}`;
  return (
    <Layout
      site={site}
      title={tag.name}
      description={tag.description ?? undefined}
      canonicalPath={path}
      feeds={[
        { type: 'rss', title: `${tag.name} (RSS)`, href: `${path}/feed.xml` },
        { type: 'atom', title: `${tag.name} (Atom)`, href: `${path}/atom.xml` },
        { type: 'json', title: `${tag.name} (JSON Feed)`, href: `${path}/feed.json` },
      ]}
    >
      <section aria-labelledby="tag-heading">
        <p class="kicker">Tag</p>
        <h1 id="tag-heading">{tag.name}</h1>
        {tag.description && <p class="dek">{tag.description}</p>}
        <ArticleList
          articles={articles}
          zone={site.zone}
          empty="No published news with this tag yet."
        />
        <Pager path={path} page={page} pages={pages} />
      </section>
    </Layout>
  );
}

export function StaticPage({
  site,
  slug,
  title,
  blocks,
  body,
}: {
  site: SiteInfo;
  slug: string;
  title: string;
  blocks: readonly Block[];
  body: BodyContext;
}) {
  return (
    <Layout
      site={site}
      title={title}
      canonicalPath={`/${slug}`}
      islands={['local-time', 'video-facade']}
    >
      <article class="article" aria-labelledby="page-title">
        <h1 id="page-title">{title}</h1>
        <Body blocks={blocks} ctx={body} />
      </article>
    </Layout>
  );
}

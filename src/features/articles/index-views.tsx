import { collectionPageJsonLd } from '../../views/components/collection-jsonld.js';
import { JsonLd, type JsonLdObject } from '../../views/components/json-ld.js';
import { ListPager, pageHref } from '../../views/components/pager.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { ArticleList } from './article-list.js';
import type { ArticleSummary } from './article.model.js';
import type { Pagination } from '../../lib/pagination.js';
import type { AuthorProfile, TagIndexEntry } from './tag-author.service.js';

/* The tags index (/tags) and author pages (/authors/:slug). */

const articleCount = (n: number) => (n === 1 ? '1 article' : `${n} articles`);

/** An absolute URL for structured data; a Hangul slug is percent-encoded there. */
const absolute = (site: SiteInfo, path: string) => site.baseUrl + encodeURI(path);

export interface TagsIndexPageProps {
  site: SiteInfo;
  tags: readonly TagIndexEntry[];
  page: number;
  pagination: Pagination;
}

/** /tags — every tag with published news, by name, with how many articles each has. */
export function TagsIndexPage({ site, tags, page, pagination }: TagsIndexPageProps) {
  const here = pageHref('/tags', page);
  const description = `Every topic ${site.title} writes about, by name.`;
  return (
    <Layout
      site={site}
      title={page > 1 ? `Tags, page ${page}` : 'Tags'}
      description={description}
      canonicalPath={here}
      head={
        <JsonLd
          data={collectionPageJsonLd({
            url: absolute(site, here),
            name: 'Tags',
            description,
            items: tags.map((tag) => ({ url: absolute(site, tag.path), name: tag.name })),
            firstPosition: (page - 1) * pagination.limit + 1,
            total: pagination.total,
          })}
        />
      }
    >
      <h1>Tags</h1>
      {tags.length === 0 ? (
        <p class="empty">No tags yet.</p>
      ) : (
        <ul class="index-list">
          {tags.map((tag) => (
            <li key={tag.id} class="index-list__item">
              <h2 class="index-list__title">
                <a href={tag.path}>{tag.name}</a>
              </h2>
              <p class="meta">{articleCount(tag.articleCount)}</p>
              {tag.description && <p>{tag.description}</p>}
            </li>
          ))}
        </ul>
      )}
      <ListPager path="/tags" page={page} pages={pagination.pages} />
    </Layout>
  );
}

export interface AuthorPageProps {
  site: SiteInfo;
  author: AuthorProfile;
  articles: readonly ArticleSummary[];
  page: number;
  pagination: Pagination;
}

/** schema.org ProfilePage about the author, a Person whose url is this page. */
export function authorJsonLd(site: SiteInfo, author: AuthorProfile): JsonLdObject {
  const url = absolute(site, author.path);
  return {
    '@context': 'https://schema.org',
    '@type': 'ProfilePage',
    url,
    name: author.name,
    mainEntity: {
      '@type': 'Person',
      name: author.name,
      url,
      identifier: author.slug,
      ...(author.bio && { description: author.bio }),
      worksFor: { '@type': 'Organization', name: site.title, url: site.baseUrl + '/' },
    },
  };
}

/** /authors/:slug — the author's bio and their published articles, newest first. */
export function AuthorPage({ site, author, articles, page, pagination }: AuthorPageProps) {
  return (
    <Layout
      site={site}
      title={page > 1 ? `${author.name}, page ${page}` : author.name}
      description={author.bio || `News by ${author.name} on ${site.title}.`}
      canonicalPath={pageHref(author.path, page)}
      head={<JsonLd data={authorJsonLd(site, author)} />}
    >
      <section aria-labelledby="author-heading">
        <p class="kicker">Author</p>
        <h1 id="author-heading">{author.name}</h1>
        {author.bio && <p class="dek author-bio">{author.bio}</p>}
        <p class="meta">{articleCount(author.articleCount)}</p>
      </section>
      <section aria-labelledby="author-articles-heading">
        <h2 id="author-articles-heading">News by {author.name}</h2>
        <ArticleList articles={articles} zone={site.zone} headingLevel={3} />
        <ListPager
          path={author.path}
          page={page}
          pages={pagination.pages}
          previous="← Newer"
          next="Older →"
        />
      </section>
    </Layout>
  );
}

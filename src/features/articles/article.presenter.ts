import { toMediaImage, type MediaImage } from '../media/index.js';
import type { ArticleDetail, ArticleSummary } from './article.model.js';
import type { SummaryRow } from './article.repository.js';
import { BlockSchema, BodySchema, type Block } from './blocks.js';
import { Compile } from 'typebox/compile';

export function articlePath(slug: string): string {
  return `/news/${slug}`;
}

export function toSummary(row: SummaryRow): ArticleSummary {
  return {
    id: row.id,
    slug: row.slug,
    path: articlePath(row.slug),
    title: row.title,
    dek: row.dek,
    status: row.status,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    author:
      row.author_user_id === null || row.author_name === null || row.author_slug === null
        ? null
        : { id: row.author_user_id, name: row.author_name, slug: row.author_slug },
    image:
      row.image_id === null || row.image_path === null
        ? null
        : toMediaImage({
            id: row.image_id,
            path: row.image_path,
            alt: row.image_alt ?? '',
            width: row.image_width,
            height: row.image_height,
            widths: row.image_widths,
            focal_x: row.image_focal_x,
            focal_y: row.image_focal_y,
          }),
    commentCount: Number(row.comment_count ?? 0),
    featured: Number(row.featured) === 1,
  };
}

// Compiled once, on the first body read: every uncached article page checks its body, and
// interpreting the schema each time showed in the render profile; compiling at start-up cost
// about 25 ms of the cold start.
const compileBodyValidators = () => ({ body: Compile(BodySchema), block: Compile(BlockSchema) });
let bodyValidators: ReturnType<typeof compileBodyValidators> | undefined;

/**
 * Parses a stored body. Bodies are validated on write, so a body that fails here was damaged
 * outside Deho; the page then shows what is readable instead of failing.
 */
export function parseBody(json: string): Block[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return [];
  }
  bodyValidators ??= compileBodyValidators();
  const { body, block } = bodyValidators;
  if (body.Check(value)) return value;
  return Array.isArray(value) ? value.filter((b: unknown): b is Block => block.Check(b)) : [];
}

export function toDetail(
  row: SummaryRow & { body: string },
  links: Pick<ArticleDetail, 'tags' | 'shows' | 'coauthors'> & {
    people: { id: number; slug: string; name: string; name_ko: string | null }[];
  },
  socialImage: MediaImage | null,
): ArticleDetail {
  return {
    ...toSummary(row),
    body: parseBody(row.body),
    commentsEnabled: row.comments_enabled === 1,
    seoTitle: row.seo_title,
    seoDescription: row.seo_description,
    socialImage,
    imageCaption: row.feature_image_caption,
    imageCredit: row.feature_image_credit,
    coauthors: links.coauthors,
    tags: links.tags,
    shows: links.shows,
    people: links.people.map((p) => ({ id: p.id, slug: p.slug, name: p.name, nameKo: p.name_ko })),
  };
}

/** The JSON shape of an article in the APIs (snake_case, absolute url). */
export function toApiArticle(article: ArticleSummary | ArticleDetail, baseUrl: string) {
  return {
    id: article.id,
    slug: article.slug,
    url: baseUrl + article.path,
    title: article.title,
    dek: article.dek,
    status: article.status,
    published_at: article.publishedAt,
    updated_at: article.updatedAt,
    author: article.author,
    feature_image: apiImage(article.image, baseUrl),
    comment_count: article.commentCount,
    featured: article.featured === true,
    ...('body' in article && {
      body: article.body,
      comments_enabled: article.commentsEnabled,
      seo_title: article.seoTitle,
      seo_description: article.seoDescription,
      social_image: apiImage(article.socialImage, baseUrl),
      feature_image_caption: article.imageCaption,
      feature_image_credit: article.imageCredit,
      coauthors: article.coauthors,
      tags: article.tags,
      shows: article.shows,
      people: article.people.map((p) => ({
        id: p.id,
        slug: p.slug,
        name: p.name,
        name_ko: p.nameKo,
      })),
    }),
  };
}

function apiImage(image: MediaImage | null, baseUrl: string) {
  return image === null
    ? null
    : {
        id: image.id,
        src: absolute(image.src, baseUrl),
        alt: image.alt,
        width: image.width,
        height: image.height,
        focal: image.focal,
      };
}

function absolute(src: string, baseUrl: string): string {
  return src.startsWith('/') ? baseUrl + src : src;
}

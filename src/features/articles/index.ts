export { articlePreviewDocument, articleSiteRoutes } from './routes.site.js';
export { articleApiRoutes } from './routes.api.js';
export {
  createArticle,
  listArticleBodies,
  listArticleSummaries,
  loadBodyContext,
  type NewArticle,
} from './article.service.js';
export { ArticleList, Pager } from './article-list.js';
export { articlePath, toApiArticle } from './article.presenter.js';
export { Body, Spans, safeHref, type BodyContext } from './block-views.js';
export {
  BodySchema,
  bodyText,
  paragraph,
  spanLists,
  applyMention,
  safeLinkHref,
  spansText,
  type Block,
  type Span,
} from './blocks.js';
export type { ArticleDetail, ArticleFilter, ArticleSummary } from './article.model.js';
export { seedArticleDemo } from './demo.js';
export { articleAdminRoutes } from './routes.admin.js';
export { blocksFromHtml } from './article.body-input.js';
export { htmlToBlocks } from './html-to-blocks.js';
export { findTagRedirect } from './tag.admin.js';

/*
 * Deho in the wider web: sitemaps, robots.txt, oEmbed out (site area) and embeds in (Admin API).
 * Other features import only from here.
 */
export { seoRoutes, articleSlugOf } from './seo.routes.js';
export { embedAdminRoutes } from './embeds.routes.js';
export { renderNewsSitemap, renderSitemapIndex, renderUrlSet, w3cDate } from './sitemap.render.js';

export { searchApiRoutes, searchSiteRoutes } from './routes.js';
export { ensureEntityIndex, rebuildEntityIndex } from './search.entities.js';
export {
  rebuildSearchIndex,
  reindexArticle,
  reindexArticles,
  removeArticle,
} from './search.index.js';
export {
  search,
  SEARCH_TYPES,
  type SearchHit,
  type SearchInput,
  type SearchResult,
  type SearchType,
} from './search.service.js';
export type { SnippetSegment } from './search.snippet.js';

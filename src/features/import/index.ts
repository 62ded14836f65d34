/*
 * The public surface of the import feature: WordPress import, Deho export/restore, backup,
 * old-URL redirects and the slugs pages may not take.
 */
export { RESERVED_SLUGS, isReservedSlug } from './reserved.js';
export {
  findRedirect,
  invalidateRedirects,
  normalizeRedirectPath,
  redirectRoutes,
  type Redirect,
} from './redirects.js';
export { importAdminRoutes } from './routes.admin.js';
export {
  importWordpress,
  type ImportReport,
  type WordpressImportOptions,
} from './wordpress.import.js';
export { wordpressToHtml } from './wordpress-content.js';
export { exportSite, EXPORT_FILE, EXPORT_FORMAT, EXPORT_VERSION } from './site-export.js';
export { importSite } from './site-import.js';
export { backupSqlite } from './backup.js';
export { ImportRefused } from './wxr-reader.js';
export {
  backupCommand,
  exportCommand,
  importDehoCommand,
  importWordpressCommand,
} from './commands.js';

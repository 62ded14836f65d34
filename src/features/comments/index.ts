/*
 * The public surface of the comments feature. Other features import only from here.
 */
export { commentApiRoutes, commentSiteRoutes } from './routes.js';
export { commentAdminRoutes } from './routes.admin.js';
export {
  COMMENTER_COOKIE,
  loadCommentsSection,
  readCommentsViewer,
  type CommentsViewer,
  type LoadCommentsOptions,
} from './comment.section.js';
export { CommentsSection, type CommentsSectionModel } from './comment.views.js';
export { countApprovedComments } from './comment.repository.js';
export { createMailOutboxJob, type MailOutboxJob } from './mail-outbox.js';
export {
  DEFAULT_COMMENT_SETTINGS,
  readCommentSettings,
  writeCommentSettings,
  type CommentSettings,
} from './comment.settings.js';
export type { CommentRow, CommentStatus } from './comment.table.js';

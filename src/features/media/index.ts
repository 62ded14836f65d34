export { findVideosByIds, embedUrl, providerName, type VideoView } from './video.js';
export { VideoFacade } from './video-facade.js';
export type { VideoKind, VideoProvider } from './media.table.js';
export { parseVideoUrl, type ParsedVideoUrl } from './video-url.js';
export { findMediaImages } from './media.service.js';
export { toMediaImage, type MediaImage } from './media.presenter.js';
export { Picture, focalClasses } from './picture.js';
export { mediaAdminRoutes } from './routes.admin.js';
export { mediaSiteRoutes } from './routes.site.js';

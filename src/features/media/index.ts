export {
  findOrCreateClip,
  findVideosByIds,
  embedUrl,
  providerName,
  type VideoView,
} from './video.js';
export { VideoFacade } from './video-facade.js';
export type { VideoKind, VideoProvider } from './media.table.js';
export { parseVideoUrl, type ParsedVideoUrl } from './video-url.js';
export { findMediaImages } from './media.service.js';
export { inspectUpload, type UploadLimits } from './media.images.js';
export { toMediaImage, type MediaImage } from './media.presenter.js';
export { Picture, focalClasses } from './picture.js';
export { mediaAdminRoutes } from './routes.admin.js';
export { mediaSiteRoutes, staticMediaFolders } from './routes.site.js';
export {
  contentTypeOf,
  isSafeKey,
  keyOfPublicPath,
  type FileSource,
  type MediaStore,
  type StoredFacts,
} from './media.store.js';
export { openConfiguredStore, openMediaStore, type StoreDeps } from './media.stores.js';
export { createDiskStore } from './media.store-disk.js';
export { mediaMigrateCommand } from './media.cli.js';

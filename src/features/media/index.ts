export { findVideosByIds, embedUrl, providerName, type VideoView } from './video.js';
export { VideoFacade } from './video-facade.js';
export type { VideoKind, VideoProvider } from './media.table.js';

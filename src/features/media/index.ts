export { findVideosByIds, embedUrl, providerName, type VideoView } from './video.js';
export { VideoFacade } from './video-facade.js';
export type { VideoKind, VideoProvider } from './media.table.js';
export { parseVideoUrl, type ParsedVideoUrl } from './video-url.js';

import type { App, AppContext } from '../../context.js';

export function commentSiteRoutes(_app: App, _ctx: AppContext): void {}
export function commentApiRoutes(_app: App, _ctx: AppContext): void {}

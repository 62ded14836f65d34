import type { App, AppContext } from '../../context.js';

export function peopleSiteRoutes(_app: App, _ctx: AppContext): void {}

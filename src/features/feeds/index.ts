import type { App, AppContext } from '../../context.js';

export function feedRoutes(_app: App, _ctx: AppContext): void {}

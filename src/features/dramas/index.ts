import type { App, AppContext } from '../../context.js';

export function dramaSiteRoutes(_app: App, _ctx: AppContext): void {}
export function dramaApiRoutes(_app: App, _ctx: AppContext): void {}
export { seedDramaDemo } from './demo.js';

import type { onRequestHookHandler } from 'fastify';
import type { App, AppContext } from '../../context.js';
import { Unauthorized } from '../../lib/errors.js';

export function adminAuth(_ctx: AppContext): onRequestHookHandler {
  return async () => {
    throw new Unauthorized();
  };
}
export function apiKeyAdminRoutes(_app: App, _ctx: AppContext): void {}

/*
 * Staff authentication and authorisation: API keys, cookie sessions, accounts and the one
 * permission table of the Admin API. Other features import only from here.
 */
export {
  API_KEY_ROLES,
  createApiKey,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
  verifyApiKey,
  type ApiKey,
  type ApiKeyPrincipal,
  type ApiKeyRole,
} from './apikey.service.js';
export { apiKeyAdminRoutes } from './apikey.routes.js';
export { adminAuth, requireRole, requireStaff, useAdminAuth, type Staff } from './staff.js';
export { openMailer, type Mailer, type OutgoingMail } from './mail.js';
export { ACTIONS, PERMISSIONS, can, requireCan, type Action } from './permissions.js';
export { sessionAdminRoutes } from './session.routes.js';
export { createSessionSweepJob } from './session-sweep.job.js';
export { userAdminRoutes } from './user.routes.js';
export { resolveSession, SESSION_COOKIE, type SessionPrincipal } from './session.service.js';
export { createUser, setupNeeded, ROLES, type User } from './user.service.js';
export { readPasswordLine, userCreateCommand, userSetPasswordCommand } from './user.cli.js';
export type { Role } from './auth.table.js';

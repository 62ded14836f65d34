/*
 * Staff authentication and authorisation: API keys now, cookie sessions with the newsroom issue.
 * Other features import only from here.
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
export type { Role } from './auth.table.js';

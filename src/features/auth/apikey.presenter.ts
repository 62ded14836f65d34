import type { ApiKey } from './apikey.service.js';
import type { ApiKeyJson } from './apikey.schemas.js';

/** The Admin API shape of a key (snake_case, never the hash). */
export function presentApiKey(apiKey: ApiKey): ApiKeyJson {
  return {
    id: apiKey.id,
    name: apiKey.name,
    role: apiKey.role,
    key_prefix: apiKey.keyPrefix,
    created_by: apiKey.createdBy,
    created_at: apiKey.createdAt,
    last_used_at: apiKey.lastUsedAt,
    revoked_at: apiKey.revokedAt,
  };
}

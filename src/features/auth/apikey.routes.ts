import type { App, AppContext } from '../../context.js';
import { presentApiKey } from './apikey.presenter.js';
import {
  ApiKeyListResponse,
  ApiKeyParams,
  CreateApiKeyBody,
  CreatedApiKeyResponse,
  ListApiKeysQuery,
} from './apikey.schemas.js';
import { createApiKey, listApiKeys, revokeApiKey } from './apikey.service.js';
import { requireCan } from './permissions.js';

/**
 * Admin API routes for API keys. Register inside the Admin API area, which authenticates every
 * request (adminAuth); each handler still checks the role itself.
 */
export function apiKeyAdminRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/api-keys',
    { schema: { querystring: ListApiKeysQuery, response: { 200: ApiKeyListResponse } } },
    async (request) => {
      requireCan(request, 'apikeys.manage');
      const page = request.query.page ?? 1;
      const limit = request.query.limit ?? 50;
      const { apiKeys, total } = await listApiKeys(ctx.db, { limit, offset: (page - 1) * limit });
      return {
        api_keys: apiKeys.map(presentApiKey),
        meta: { pagination: { page, limit, pages: Math.ceil(total / limit), total } },
      };
    },
  );

  app.post(
    '/api-keys',
    { schema: { body: CreateApiKeyBody, response: { 201: CreatedApiKeyResponse } } },
    async (request, reply) => {
      const staff = requireCan(request, 'apikeys.manage');
      const { key, apiKey } = await createApiKey(ctx.db, ctx.clock, {
        name: request.body.api_key.name,
        role: request.body.api_key.role,
        // A key made by a key has no user behind it.
        createdBy: staff.kind === 'session' ? staff.userId : null,
      });
      request.log.info(
        { apiKeyId: apiKey.id, by: { kind: staff.kind, id: staff.id } },
        'API key created',
      );
      void reply.code(201).header('cache-control', 'no-store');
      return { api_key: { ...presentApiKey(apiKey), key } };
    },
  );

  app.delete('/api-keys/:id', { schema: { params: ApiKeyParams } }, async (request, reply) => {
    const staff = requireCan(request, 'apikeys.manage');
    const apiKey = await revokeApiKey(ctx.db, ctx.clock, request.params.id);
    request.log.info(
      { apiKeyId: apiKey.id, by: { kind: staff.kind, id: staff.id } },
      'API key revoked',
    );
    return reply.code(204).send();
  });
}

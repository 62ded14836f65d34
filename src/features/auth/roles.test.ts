import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey, revokeApiKey } from './apikey.service.js';
import type { Role } from './auth.table.js';
import { PERMISSIONS, type Action } from './permissions.js';
import { createUser } from './user.service.js';

/*
 * The permission table, route by route: every role (the owner signed in, the others with keys of
 * their role), anonymous and a revoked key. Ids that do not exist keep allowed requests harmless:
 * past the check they answer 404; bodies are valid so that the check is what decides.
 */

const BASE = '/api/admin/v1';
const NO = 999_999;

interface RouteCase {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: string;
  action: Action;
  payload?: unknown;
}

const ROUTES: RouteCase[] = [
  { method: 'GET', url: '/articles', action: 'articles.read' },
  { method: 'GET', url: '/articles?status=draft&q=x', action: 'articles.read' },
  { method: 'GET', url: '/tags?q=x', action: 'articles.read' },
  { method: 'POST', url: '/tags', action: 'tags.manage', payload: { tag: { name: 'Roles' } } },
  { method: 'GET', url: `/articles/${NO}`, action: 'articles.read' },
  {
    method: 'POST',
    url: '/articles',
    action: 'articles.write',
    payload: { article: { title: 'Roles' } },
  },
  {
    method: 'PATCH',
    url: `/articles/${NO}`,
    action: 'articles.write',
    payload: { article: { title: 'x' } },
  },
  { method: 'DELETE', url: `/articles/${NO}`, action: 'articles.write' },
  { method: 'GET', url: `/articles/${NO}/revisions`, action: 'articles.read' },
  { method: 'GET', url: `/articles/${NO}/revisions/1`, action: 'articles.read' },
  { method: 'GET', url: `/articles/${NO}/revisions/diff?from=1`, action: 'articles.read' },
  {
    method: 'POST',
    url: `/articles/${NO}/revisions/1/restore`,
    action: 'articles.write',
    payload: {},
  },
  { method: 'POST', url: `/articles/${NO}/preview`, action: 'articles.read' },
  {
    method: 'POST',
    url: '/videos',
    action: 'articles.write',
    payload: { video: { url: 'https://youtu.be/dQw4w9WgXcQ' } },
  },
  { method: 'GET', url: '/comments', action: 'comments.moderate' },
  { method: 'GET', url: `/comments/${NO}`, action: 'comments.moderate' },
  {
    method: 'PATCH',
    url: `/comments/${NO}`,
    action: 'comments.moderate',
    payload: { comment: { status: 'approved' } },
  },
  { method: 'DELETE', url: `/comments/${NO}`, action: 'comments.moderate' },
  {
    method: 'POST',
    url: '/comments/bulk',
    action: 'comments.moderate',
    payload: { ids: [NO], action: 'approve' },
  },
  { method: 'GET', url: '/api-keys', action: 'apikeys.manage' },
  {
    method: 'POST',
    url: '/api-keys',
    action: 'apikeys.manage',
    payload: { api_key: { name: 'k', role: 'editor' } },
  },
  { method: 'DELETE', url: `/api-keys/${NO}`, action: 'apikeys.manage' },
  { method: 'GET', url: '/users', action: 'users.read' },
  { method: 'GET', url: `/users/${NO}`, action: 'users.read' },
  {
    method: 'PATCH',
    url: `/users/${NO}`,
    action: 'users.manage',
    payload: { user: { role: 'editor' } },
  },
  { method: 'POST', url: `/users/${NO}/password-reset`, action: 'users.manage' },
  { method: 'DELETE', url: `/users/${NO}`, action: 'users.manage' },
  { method: 'DELETE', url: `/users/${NO}/sessions`, action: 'users.manage' },
  { method: 'DELETE', url: `/users/${NO}/totp`, action: 'users.manage' },
  { method: 'POST', url: `/users/${NO}/ownership`, action: 'ownership.transfer' },
  { method: 'GET', url: '/settings', action: 'settings.manage' },
  {
    method: 'PATCH',
    url: '/settings',
    action: 'settings.manage',
    payload: { settings: { site_zone: 'Asia/Seoul' } },
  },
  { method: 'GET', url: `/people/${NO}`, action: 'people.write' },
  { method: 'GET', url: '/webhooks', action: 'webhooks.manage' },
  { method: 'GET', url: `/shows/${NO}`, action: 'dramas.write' },
  { method: 'GET', url: '/media', action: 'media.upload' },
  { method: 'GET', url: `/media/${NO}`, action: 'media.upload' },
  // Not multipart, so an allowed role gets 415 after the check.
  { method: 'POST', url: '/media', action: 'media.upload', payload: { media: {} } },
  {
    method: 'PATCH',
    url: `/media/${NO}`,
    action: 'media.upload',
    payload: { media: { alt: 'x' } },
  },
  { method: 'DELETE', url: `/media/${NO}`, action: 'media.upload' },
  {
    method: 'POST',
    url: '/entities/detect',
    action: 'names.detect',
    payload: { text: 'Lee Jae-wook' },
  },
];

const KEY_ROLES: Exclude<Role, 'owner'>[] = [
  'admin',
  'editor',
  'author',
  'contributor',
  'moderator',
];

describe('the permission table, route × role', () => {
  let t: TestApp;
  const headers: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    for (const role of KEY_ROLES) {
      const { key } = await createApiKey(t.db, t.clock, { name: role, role });
      headers[role] = { authorization: `Bearer ${key}` };
    }
    const revoked = await createApiKey(t.db, t.clock, { name: 'gone', role: 'admin' });
    await revokeApiKey(t.db, t.clock, revoked.apiKey.id);
    headers.revoked = { authorization: `Bearer ${revoked.key}` };
    await createUser(t.db, t.clock, {
      email: 'owner@example.com',
      name: 'Owner',
      role: 'owner',
      password: 'owner password 1',
    });
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email: 'owner@example.com', password: 'owner password 1' },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = res.json<{ session: { csrfToken: string } }>().session.csrfToken;
    headers.owner = { cookie, 'x-csrf-token': csrf };
  });
  afterAll(async () => {
    await t.close();
  });

  const call = (route: RouteCase, who: Record<string, string> = {}) =>
    t.app.inject({
      method: route.method,
      url: BASE + route.url,
      headers: who,
      ...(route.payload !== undefined && { payload: route.payload as Record<string, unknown> }),
    });

  for (const route of ROUTES) {
    it(`${route.method} ${route.url} follows ${route.action}`, async () => {
      expect((await call(route)).statusCode, 'anonymous').toBe(401);
      expect((await call(route, headers.revoked)).statusCode, 'revoked key').toBe(401);
      for (const role of ['owner', ...KEY_ROLES] as Role[]) {
        const res = await call(route, headers[role]);
        // ownership.transfer needs the owner signed in; keys are never owners.
        if (PERMISSIONS[route.action].includes(role)) {
          expect([401, 403], `${role}: ${res.body}`).not.toContain(res.statusCode);
        } else {
          expect(res.statusCode, `${role}: ${res.body}`).toBe(403);
        }
      }
    });
  }

  it('lets a contributor write drafts but not publish (the article policy, after the table)', async () => {
    const post = (status: string) =>
      t.app.inject({
        method: 'POST',
        url: `${BASE}/articles`,
        headers: headers.contributor,
        payload: { article: { title: `Contributor ${status}`, status } },
      });
    expect((await post('draft')).statusCode).toBe(201);
    expect((await post('published')).statusCode).toBe(403);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createApiKey, createUser } from '../../src/features/auth/index.js';
import { signUnsubscribe } from '../../src/features/comments/notify.token.js';
import { systemClock } from '../../src/lib/clock.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { freePort } from '../helpers/server.js';

/*
 * Issue 17, item 7: the request log must not hold the secrets a run handles. The real server
 * runs with its log captured; the test goes through every route that carries a secret (preview
 * and unsubscribe links, API keys, session and commenter cookies, CSRF tokens, passwords, reset
 * tokens), then searches the log for each secret value. The request lines must still be there,
 * with the secret replaced by "[redacted]".
 */

describe('the request log keeps no secret', () => {
  let server: RunningServer;
  let base: string;
  let dataDir: string;
  const log: string[] = [];
  /** Every secret the run produced or sent, by what it is. */
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'deho-log-secrets-'));
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    const config = loadConfig({
      DEHO_DATA_DIR: dataDir,
      HOST: '127.0.0.1',
      PORT: String(port),
      DEHO_BASE_URL: base,
      LOG_LEVEL: 'info',
      DEHO_DEMO: '1',
    });
    server = await startServer(config, { write: (line) => log.push(line) });
  });
  afterAll(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const call = (url: string, init: RequestInit = {}) => fetch(base + url, init);
  const json = { 'content-type': 'application/json' };

  it('redacts preview and unsubscribe links and logs no key, cookie, token or password', async () => {
    const db = server.db.db;
    const { key } = await createApiKey(db, systemClock, { name: 'log test', role: 'admin' });
    secrets.set('API key', key);
    const bearer = { authorization: `Bearer ${key}` };

    // A signed-in owner: password, session cookie and CSRF token.
    const ownerPassword = 'owner password for the log test';
    secrets.set('owner password', ownerPassword);
    await createUser(db, systemClock, {
      email: 'owner@example.com',
      name: 'Owner',
      role: 'owner',
      password: ownerPassword,
    });
    const signIn = await call('/api/admin/v1/session', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ email: 'owner@example.com', password: ownerPassword }),
    });
    expect(signIn.status).toBe(201);
    const sessionCookie = (signIn.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    secrets.set('session cookie', sessionCookie.split('=')[1] ?? '');
    const csrf = ((await signIn.json()) as { session: { csrfToken: string } }).session.csrfToken;
    secrets.set('CSRF token', csrf);
    const articles = await call('/api/admin/v1/articles?limit=1', {
      headers: { cookie: sessionCookie },
    });
    const [article] = ((await articles.json()) as { articles: { id: number; slug: string }[] })
      .articles;
    expect(article).toBeDefined();

    // A preview link, opened, and a forged one.
    const preview = await call(`/api/admin/v1/articles/${article?.id}/preview`, {
      method: 'POST',
      headers: { cookie: sessionCookie, 'x-csrf-token': csrf },
    });
    expect(preview.status).toBe(201);
    const previewUrl = ((await preview.json()) as { preview: { url: string } }).preview.url;
    const previewToken = previewUrl.split('/admin/preview/')[1] ?? '';
    secrets.set('preview token', previewToken);
    expect((await call(`/admin/preview/${previewToken}`)).status).toBe(200);
    const forged = `${previewToken.slice(0, -4)}AAAA`;
    secrets.set('forged preview token', forged);
    expect((await call(`/admin/preview/${forged}`)).status).toBe(404);

    // An unsubscribe link: the page and the one-click POST.
    const unsubscribe = await signUnsubscribe(db, 'reader@example.com', new Date());
    secrets.set('unsubscribe token', unsubscribe);
    const link = `/comments/unsubscribe?token=${encodeURIComponent(unsubscribe)}`;
    expect((await call(link)).status).toBe(200);
    expect((await call(link, { method: 'POST' })).status).toBe(200);
    // The same parameter anywhere else, and on a 404.
    expect((await call(`/no-such-page?token=${unsubscribe}&page=2`)).status).toBe(404);

    // A colleague's reset link, used: the token travels after '#' and in the body.
    const editor = await createUser(db, systemClock, {
      email: 'editor@example.com',
      name: 'Editor',
      role: 'editor',
      password: 'editor password for the log test',
    });
    secrets.set('editor password', 'editor password for the log test');
    const reset = await call(`/api/admin/v1/users/${editor.id}/password-reset`, {
      method: 'POST',
      headers: bearer,
    });
    expect(reset.status).toBe(201);
    const resetUrl = ((await reset.json()) as { password_reset: { url: string } }).password_reset
      .url;
    const resetToken = resetUrl.split('#')[1] ?? '';
    secrets.set('reset token', resetToken);
    const newPassword = 'a new editor password for the log test';
    secrets.set('new editor password', newPassword);
    const confirm = await call('/api/admin/v1/password-reset/confirm', {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ token: resetToken, password: newPassword }),
    });
    expect(confirm.status).toBe(204);

    // A comment: the commenter cookie comes back and goes out again.
    const posted = await call(`/api/content/v1/articles/${article?.id}/comments`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ name: 'Reader', email: 'reader@example.com', comment: 'Lovely.' }),
    });
    expect(posted.status).toBeLessThan(300);
    const commenter = (posted.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    secrets.set('commenter cookie', commenter.split('=')[1] ?? '');
    expect((await call(`/news/${article?.slug}`, { headers: { cookie: commenter } })).status).toBe(
      200,
    );

    const text = log.join('');
    for (const [what, value] of secrets) {
      expect(value.length, what).toBeGreaterThan(8);
      expect(text.includes(value), `${what} is in the log`).toBe(false);
      expect(text.includes(encodeURIComponent(value)), `${what} is in the log`).toBe(false);
    }
    // The request lines are still there, with the secret replaced.
    expect(text).toContain('"url":"/admin/preview/[redacted]"');
    expect(text).toContain('"url":"/comments/unsubscribe?token=[redacted]"');
    expect(text).toContain('"url":"/no-such-page?token=[redacted]&page=2"');
  });
});

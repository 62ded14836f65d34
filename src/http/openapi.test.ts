import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { tags?: string[]; security?: unknown[] }>>;
}

describe('OpenAPI document', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is valid OpenAPI 3.1 (swagger-parser) and describes every /api route', async () => {
    const res = await t.app.inject('/api/docs/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const doc = res.json<Doc>();
    expect(doc.openapi).toBe('3.1.0');
    // validate() dereferences in place, so it gets its own copy.
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();

    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m) => `${m} ${path}`),
      ),
    );
    const registered = t.app.apiRoutes.map((r) => `${r.method} ${r.path}`);
    expect(registered.length).toBeGreaterThan(10);
    expect(registered.filter((route) => !documented.has(route))).toEqual([]);
    expect([...documented].filter((route) => !registered.includes(route))).toEqual([]);
    expect(registered).toContain('get /api/content/v1/articles/{id}');
    expect(registered).toContain('post /api/admin/v1/webhooks');
  });

  it('marks Admin API operations as needing the bearer key, Content API ones not', async () => {
    const doc = (await t.app.inject('/api/docs/openapi.json')).json<Doc>();
    for (const [path, item] of Object.entries(doc.paths)) {
      for (const op of Object.values(item)) {
        if (path.startsWith('/api/admin/')) expect(op.security).toEqual([{ adminKey: [] }]);
        else expect(op.security).toBeUndefined();
      }
    }
  });

  it('has a readable page with no third-party assets', async () => {
    const res = await t.app.inject('/api/docs');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('GET /api/content/v1/articles');
    expect(res.body).toContain('href="/api/docs/openapi.json"');
    expect(res.body).not.toMatch(/(src|href)="(https?:)?\/\/(?!deho\.test)/);
  });
});

import { createGroupCommit } from '../../db/group-commit.js';
import Fastify from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App, AppContext } from '../../context.js';
import { useJsonErrors } from '../../http/errors.js';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { peopleApiRoutes } from './index.js';

// The people API is mounted on its own content-API context here, so that this test does not
// depend on where src/app.ts registers it.
describe('people content API', () => {
  let t: TestApp;
  let api: App;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
    const ctx: AppContext = {
      config: t.config,
      db: t.db,
      dialect: t.handle.dialect,
      clock: t.clock,
      writes: createGroupCommit(t.db, t.handle.dialect),
      pages: { invalidate: () => undefined },
      site: () => ({
        title: 'Deho',
        description: '',
        baseUrl: t.config.baseUrl,
        zone: 'Asia/Seoul',
      }),
    };
    api = Fastify({ logger: false }).withTypeProvider<TypeBoxTypeProvider>();
    await api.register(
      (contentApi: App, _options, done) => {
        useJsonErrors(contentApi);
        peopleApiRoutes(contentApi, ctx);
        done();
      },
      { prefix: '/api/content/v1' },
    );
    await api.ready();
  });
  afterAll(async () => {
    await api.close();
    await t.close();
  });

  it('lists people with pagination', async () => {
    const res = await api.inject('/api/content/v1/people?limit=5&page=2');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      people: { slug: string; url: string }[];
      meta: { pagination: unknown };
    }>();
    expect(body.people).toHaveLength(5);
    expect(body.meta.pagination).toEqual({ page: 2, limit: 5, pages: 3, total: 14 });
    expect(body.people[0]?.url).toMatch(/^http:\/\/deho\.test\/people\//);
  });

  it('answers one person with groups, credits and events', async () => {
    const res = await api.inject('/api/content/v1/people/arin');
    expect(res.statusCode).toBe(200);
    const { person } = res.json<{
      person: {
        name_ko: string;
        url: string;
        groups: { slug: string; start_date: string | null; end_date: string | null }[];
        credits: { show: { slug: string }; character: { slug: string } | null }[];
      };
    }>();
    expect(person.name_ko).toBe('아린');
    expect(person.url).toBe('http://deho.test/people/arin');
    expect(person.groups).toEqual([
      expect.objectContaining({ slug: 'oh-my-girl', end_date: null }),
    ]);
    expect(person.credits.map((c) => [c.show.slug, c.character?.slug])).toEqual([
      ['alchemy-of-souls', 'jin-cho-yeon'],
    ]);
  });

  it('answers 400 for bad queries and 404 for unknown people, as JSON', async () => {
    for (const url of [
      '/api/content/v1/people?limit=0',
      '/api/content/v1/people?limit=1000',
      '/api/content/v1/people?page=-1',
      '/api/content/v1/people/BAD SLUG',
    ]) {
      const res = await api.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    }
    const res = await api.inject('/api/content/v1/people/nobody');
    expect(res.statusCode).toBe(404);
    expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
  });
});

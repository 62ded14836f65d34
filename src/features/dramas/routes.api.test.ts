import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

describe('dramas content API', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2023-01-02T00:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists shows with pagination and absolute urls', async () => {
    const res = await t.app.inject('/api/content/v1/shows?limit=1');
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      shows: { slug: string; url: string }[];
      meta: { pagination: unknown };
    }>();
    expect(body.shows).toHaveLength(1);
    expect(body.meta.pagination).toEqual({ page: 1, limit: 1, pages: 2, total: 2 });
    expect(body.shows[0]?.slug).toBe('alchemy-of-souls');
    expect(body.shows[0]?.url).toBe('http://deho.test/shows/alchemy-of-souls');
  });

  it('answers one show with parts, episodes, credits and its status at now', async () => {
    const res = await t.app.inject('/api/content/v1/shows/alchemy-of-souls');
    expect(res.statusCode).toBe(200);
    const { show } = res.json<{
      show: {
        title_ko: string;
        status: { kind: string; next?: { part: number; number: number; air_instant: string } };
        parts: {
          number: number;
          subtitle: string | null;
          episodes: { number: number | null; kind: string }[];
        }[];
        credits: {
          person: { slug: string };
          character: { slug: string } | null;
          part: number | null;
        }[];
      };
    }>();
    expect(show.title_ko).toBe('환혼');
    expect(show.status).toMatchObject({
      kind: 'airing',
      next: { part: 2, number: 9, air_instant: '2023-01-07T12:10:00.000Z' },
    });
    expect(show.parts.map((p) => p.episodes.filter((e) => e.kind === 'regular').length)).toEqual([
      20, 10,
    ]);
    expect(show.parts[0]?.episodes.filter((e) => e.kind === 'special')).toHaveLength(2);
    expect(show.parts[1]?.subtitle).toBe('Light and Shadow');
    expect(show.credits.find((c) => c.person.slug === 'go-yoon-jung')?.part).toBe(2);
  });

  it('filters episodes by show and date range', async () => {
    const res = await t.app.inject(
      '/api/content/v1/episodes?show=alchemy-of-souls&from=2023-01-07&to=2023-01-09T00:00:00Z',
    );
    expect(res.statusCode).toBe(200);
    const body = res.json<{
      episodes: {
        number: number;
        air_instant: string;
        part: { number: number };
        show: { slug: string };
      }[];
      meta: { pagination: { total: number } };
    }>();
    expect(body.episodes.map((e) => [e.part.number, e.number, e.air_instant])).toEqual([
      [2, 9, '2023-01-07T12:10:00.000Z'],
      [2, 10, '2023-01-08T12:10:00.000Z'],
    ]);
    expect(body.meta.pagination.total).toBe(2);
  });

  it('pages through all 32 Alchemy of Souls episodes', async () => {
    const res = await t.app.inject('/api/content/v1/episodes?show=alchemy-of-souls&limit=100');
    const body = res.json<{
      episodes: unknown[];
      meta: { pagination: { total: number; pages: number } };
    }>();
    expect(body.episodes).toHaveLength(32);
    expect(body.meta.pagination).toMatchObject({ total: 32, pages: 1 });
  });

  it('answers 400 JSON for bad queries and 404 JSON for unknown shows', async () => {
    const bad = [
      '/api/content/v1/shows?limit=0',
      '/api/content/v1/shows?limit=101',
      '/api/content/v1/shows?page=0',
      '/api/content/v1/shows?page=abc',
      '/api/content/v1/shows?unknown=1',
      '/api/content/v1/shows/Not_A_Slug',
      '/api/content/v1/episodes?from=yesterday',
      '/api/content/v1/episodes?from=2023-02-01&to=2023-01-01',
      '/api/content/v1/episodes?show=Bad%20Slug',
    ];
    for (const url of bad) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.json<{ error: { code: string } }>().error.code, url).toBe('validation_failed');
    }
    for (const url of [
      '/api/content/v1/shows/no-such-show',
      '/api/content/v1/episodes?show=no-such-show',
    ]) {
      const res = await t.app.inject(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.json<{ error: { code: string } }>().error.code).toBe('not_found');
    }
  });
});

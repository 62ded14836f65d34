import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

interface ApiMention {
  type: string;
  id: number;
  name: string;
  start: number;
  end: number;
  confidence: number;
}

const FIXTURE = fs.readFileSync(
  path.join(import.meta.dirname, '../../../test/fixtures/bts-article.txt'),
  'utf8',
);

describe('POST /api/admin/v1/entities/detect', () => {
  let t: TestApp;
  let auth: { authorization: string };
  const ids = new Map<string, number>();

  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-26T12:00:00Z') });
    auth = {
      authorization: `Bearer ${(await createApiKey(t.db, t.clock, { name: 'ed', role: 'editor' })).key}`,
    };
    for (const r of await t.db.selectFrom('people').select(['id', 'slug']).execute())
      ids.set(`person:${r.slug}`, r.id);
    for (const r of await t.db.selectFrom('characters').select(['id', 'slug']).execute())
      ids.set(`character:${r.slug}`, r.id);
    for (const r of await t.db.selectFrom('groups').select(['id', 'slug']).execute())
      ids.set(`group:${r.slug}`, r.id);
    for (const r of await t.db.selectFrom('shows').select(['id', 'slug']).execute())
      ids.set(`show:${r.slug}`, r.id);
  });
  afterAll(async () => {
    await t.close();
  });

  const detect = async (text: string, headers: Record<string, string> = auth) => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/entities/detect',
      headers,
      payload: { text },
    });
    return res;
  };
  const id = (key: string) => ids.get(key) ?? -1;

  it('finds exactly the people, characters, group and show of the behind-the-scenes story', async () => {
    const res = await detect(FIXTURE);
    expect(res.statusCode).toBe(200);
    const { mentions } = res.json<{ mentions: ApiMention[] }>();
    for (const m of mentions) {
      expect(Object.keys(m).sort()).toEqual(['confidence', 'end', 'id', 'name', 'start', 'type']);
    }
    const found = new Set(mentions.map((m) => `${m.type}:${m.id}`));
    expect(found).toEqual(
      new Set([
        `person:${id('person:lee-jae-wook')}`,
        `person:${id('person:go-yoon-jung')}`,
        `person:${id('person:hwang-min-hyun')}`,
        `person:${id('person:yoo-in-soo')}`,
        `person:${id('person:arin')}`,
        `group:${id('group:oh-my-girl')}`,
        `show:${id('show:alchemy-of-souls')}`,
        `character:${id('character:park-dang-gu')}`,
        `character:${id('character:jin-cho-yeon')}`,
      ]),
    );
    // Every suggestion is confident and names exactly the text at its offsets.
    for (const m of mentions) expect(m.confidence).toBeGreaterThanOrEqual(0.8);
    const written = new Set(mentions.map((m) => FIXTURE.slice(m.start, m.end)));
    for (const spelling of [
      'Lee Jae-wook',
      'Lee Jae Wook',
      'Go Yoon Jung',
      'Go Yoon-jung',
      'Hwang Minhyun',
      'Yoo In-soo',
      'Dan Gu',
      'Cho Yong',
      'Arin',
      'Oh My Girl',
      'Alchemy of Souls, Part 2',
      'Alchemy of Souls',
    ]) {
      expect(written).toContain(spelling);
    }
    // Not Malaysia, not the Director, not "Korean time".
    for (const m of mentions)
      expect(FIXTURE.slice(m.start, m.end)).not.toMatch(/Malaysia|Director|director|Korean|Daeho/);
    const part2 = mentions.find(
      (m) => FIXTURE.slice(m.start, m.end) === 'Alchemy of Souls, Part 2',
    );
    expect(part2?.name).toBe('Alchemy of Souls, Part 2');
    // Possessive: the mention stops before ’s.
    expect(FIXTURE.slice(0, 2000)).toContain('Hwang Minhyun’s');
    expect(written.has('Hwang Minhyun’s')).toBe(false);
  });

  it('counts offsets in UTF-16 units of the text as sent (emoji, NFD, full-width)', async () => {
    const text = '🎬🎬 Ｌｅｅ Ｊａｅ-ｗｏｏｋ met Jung So-mi\u0301n… and 이재욱이 웃었다';
    const res = await detect(text);
    const { mentions } = res.json<{ mentions: ApiMention[] }>();
    expect(mentions.map((m) => text.slice(m.start, m.end))).toEqual([
      'Ｌｅｅ Ｊａｅ-ｗｏｏｋ',
      'Jung So-mi\u0301n',
      '이재욱',
    ]);
    expect(mentions[0]?.id).toBe(id('person:lee-jae-wook'));
  });

  it('answers bad input with a 4xx, lone surrogates with mentions', async () => {
    expect((await detect('Arin', {})).statusCode).toBe(401);
    const missing = await t.app.inject({
      method: 'POST',
      url: '/api/admin/v1/entities/detect',
      headers: auth,
      payload: {},
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json<{ error: { code: string } }>().error.code).toBe('validation_failed');
    const res = await detect('\ud800Arin\udc00 and Oh My Girl');
    expect(res.statusCode).toBe(200);
    expect(res.json<{ mentions: ApiMention[] }>().mentions.map((m) => m.start)).toEqual([1, 11]);
  });
});

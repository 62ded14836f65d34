import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

describe('person pages', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ now: new Date('2026-11-30T03:00:00Z') });
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows Arin with her Korean name, Oh My Girl and Jin Cho-yeon', async () => {
    const res = await t.app.inject('/people/arin');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('아린');
    expect(html).toContain('Oh My Girl');
    expect(html).toContain('오마이걸');
    expect(html).toContain('2015–present');
    expect(html).toContain('Jin Cho-yeon');
    expect(html).toContain('href="/shows/alchemy-of-souls"');
  });

  it('shows Hwang Min-hyun’s groups over time', async () => {
    const html = (await t.app.inject('/people/hwang-min-hyun')).body;
    expect(html).toContain('황민현');
    expect(html).toMatch(/NU’EST.*2012–2022/s);
    expect(html).toMatch(/Wanna One.*2017–2019/s);
    expect(html).toContain('Seo Yul');
    expect(html).toContain('Hwang Minhyun');
  });

  it('shows a credit limited to one part, and crew roles', async () => {
    expect((await t.app.inject('/people/go-yoon-jung')).body).toMatch(/Jin Bu-yeon.*Part 2/s);
    expect((await t.app.inject('/people/hong-mi-ran')).body).toContain('Screenwriter');
  });

  it('lists the fictional lead’s upcoming fan meeting', async () => {
    const html = (await t.app.inject('/people/yoon-da-rim')).body;
    expect(html).toContain('Upcoming events');
    expect(html).toContain('sample event');
    expect(html).toContain('Moonlit Ledger');
  });

  it('answers 404 pages for unknown and malformed slugs', async () => {
    for (const path of ['/people/nobody', '/people/ARIN', '/people/%20', '/people/a_b']) {
      const res = await t.app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type']).toMatch(/text\/html/);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { createApiKey } from '../auth/index.js';

/*
 * The site settings of the Admin API (the Settings screen): each field refuses what it cannot
 * hold with a message in the screen's words, writes nothing then, and a change reaches the pages.
 */

describe('Admin API: site settings', () => {
  let t: TestApp;
  let headers: { authorization: string };
  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    const { key } = await createApiKey(t.db, t.clock, { name: 'admin', role: 'admin' });
    headers = { authorization: `Bearer ${key}` };
  });
  afterAll(async () => t.close());

  const patch = (settings: unknown) =>
    t.app.inject({
      method: 'PATCH',
      url: '/api/admin/v1/settings',
      headers,
      payload: { settings },
    });
  const current = async () =>
    (await t.app.inject({ url: '/api/admin/v1/settings', headers })).json<{
      settings: Record<string, string>;
    }>().settings;

  it('refuses hostile values with a message a person understands, and keeps the old ones', async () => {
    const before = await current();
    const cases: [unknown, string][] = [
      [{ site_zone: 'Seoul' }, 'The time zone must be an IANA zone name such as Asia/Seoul'],
      [{ site_zone: '../../etc/passwd' }, 'The time zone must be an IANA zone name'],
      [{ site_title: '   ' }, 'The site title cannot be blank.'],
      [{ site_title: 'x'.repeat(101) }, 'site_title'],
      [{ site_description: 'x'.repeat(301) }, 'site_description'],
      [{ site_title: 42 }, 'site_title'],
      [{ site_colour: 'red' }, 'settings'],
      [{}, 'settings'],
    ];
    for (const [settings, message] of cases) {
      const res = await patch(settings);
      expect(res.statusCode, JSON.stringify(settings)).toBe(400);
      expect(res.body, JSON.stringify(settings)).toContain(message);
    }
    expect(await current()).toEqual(before);
  });

  it('shows a new title and zone on the pages at once', async () => {
    const title = 'Hallyu <Desk> & Co';
    expect((await patch({ site_title: title, site_zone: 'America/New_York' })).statusCode).toBe(
      200,
    );
    expect(await current()).toMatchObject({ site_title: title, site_zone: 'America/New_York' });
    const home = (await t.app.inject('/')).body;
    expect(home).toContain('Hallyu &lt;Desk> &amp; Co');
    expect(home).not.toContain('<Desk>');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';

/*
 * First-run setup names the site with its owner: a newcomer's first page should not say "Deho"
 * until they find the Settings screen. The name is optional, checked before anything is written,
 * and only the first setup can give it (the endpoint is public).
 */
describe('POST /api/admin/v1/setup with the site title', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await buildTestApp({ demo: false });
  });
  afterEach(() => t.close());

  const owner = { name: 'Han Da-eun', email: 'owner@deho.test', password: 'a long password 1' };
  const setup = (body: unknown) =>
    t.app.inject({ method: 'POST', url: '/api/admin/v1/setup', payload: body as object });
  const homeTitle = async () =>
    /<title>([^<]*)<\/title>/.exec((await t.app.inject('/')).body)?.[1] ?? '';
  const users = async () =>
    Number(
      (
        await t.db
          .selectFrom('users')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('names the site, and every page says it at once', async () => {
    const res = await setup({ user: owner, site: { title: '  K-Drama 데일리  ' } });
    expect(res.statusCode, res.body).toBe(201);
    expect(await homeTitle()).toContain('K-Drama 데일리');
    const settings = await t.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'site_title')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(settings.value)).toBe('K-Drama 데일리');
  });

  it('keeps the default name when none is given', async () => {
    expect((await setup({ user: owner })).statusCode).toBe(201);
    expect(await homeTitle()).toContain('Deho');
  });

  it('refuses a blank, too long or hostile title before creating the owner', async () => {
    for (const title of ['   ', 'x'.repeat(101), 42, null]) {
      const res = await setup({ user: owner, site: { title } });
      expect(res.statusCode, String(title)).toBe(400);
      expect(res.json<{ error: { property?: string } }>().error.property, String(title)).toMatch(
        /title/,
      );
    }
    expect(await users()).toBe(0);
    const script = '<script>alert(1)</script>';
    expect((await setup({ user: owner, site: { title: script } })).statusCode).toBe(201);
    const page = (await t.app.inject('/')).body;
    expect(page).not.toContain(script);
    expect(page).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('cannot rename the site once setup is done', async () => {
    expect((await setup({ user: owner, site: { title: 'First name' } })).statusCode).toBe(201);
    const again = await setup({
      user: { ...owner, email: 'other@deho.test' },
      site: { title: 'Taken over' },
    });
    expect(again.statusCode).toBe(409);
    expect(await homeTitle()).toContain('First name');
  });
});

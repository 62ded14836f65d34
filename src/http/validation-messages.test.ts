import { Type } from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/helpers/app.js';
import { useJsonErrors } from './errors.js';

/*
 * A refused request says what to change in words a person understands, naming the field: an
 * API client that sends a field Deho does not know must learn which one.
 */
describe('validation messages', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await buildTestApp({
      demo: false,
      extend: (app) => {
        void app.register(
          async (api) => {
            useJsonErrors(api);
            api.post(
              '/shape',
              {
                schema: {
                  body: Type.Object(
                    {
                      title: Type.String({ minLength: 1 }),
                      settings: Type.Optional(
                        Type.Object({ colour: Type.String() }, { additionalProperties: false }),
                      ),
                    },
                    { additionalProperties: false },
                  ),
                },
              },
              async () => ({ ok: true }),
            );
          },
          { prefix: '/test-only' },
        );
      },
    });
  });
  afterAll(() => t.close());

  const post = (payload: unknown) =>
    t.app.inject({ method: 'POST', url: '/test-only/shape', payload: payload as object });

  it('names a field the schema does not know, at the top level and inside an object', async () => {
    const top = await post({ title: 'A', headline: 'B' });
    expect(top.statusCode).toBe(400);
    expect(top.json()).toMatchObject({
      error: {
        code: 'validation_failed',
        property: 'headline',
        message: 'headline is not a field of this request. Leave it out or check its spelling.',
      },
    });

    const nested = await post({ title: 'A', settings: { colour: 'red', color: 'red' } });
    expect(nested.statusCode).toBe(400);
    expect(nested.json()).toMatchObject({
      error: {
        property: 'settings.color',
        message:
          'settings.color is not a field of this request. Leave it out or check its spelling.',
      },
    });
  });

  it('still names a missing field and a field of the wrong kind', async () => {
    const missing = await post({});
    expect(missing.json()).toMatchObject({
      error: { property: 'title', message: 'title is required.' },
    });
    const wrong = await post({ title: '' });
    expect(wrong.json()).toMatchObject({ error: { property: 'title' } });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../../test/helpers/app.js';
import { imageWork, IMAGE_QUEUE_WAITING } from './media.images.js';
import { BASE, multipart, png, staffHeaders, storedFiles, type Who } from './media.test-support.js';

/*
 * Image decoding one at a time per process (issue 17, item 9): parallel uploads are decoded in
 * turn, and an upload that finds the queue full gets a clean 503 with Retry-After at once.
 * The queue's own counters say how many decodes ran together; nothing is timed.
 */

describe('image decoding queue', () => {
  let t: TestApp;
  let admin: Who;

  beforeAll(async () => {
    t = await buildTestApp({ demo: false });
    ({ admin } = await staffHeaders(t));
  });
  afterAll(async () => {
    await t.close();
  });

  const upload = (bytes: Buffer, name: string) => {
    const body = multipart({ name, type: 'image/png', bytes });
    return t.app.inject({
      method: 'POST',
      url: `${BASE}/media`,
      headers: { ...admin, ...body.headers },
      payload: body.payload,
    });
  };
  const rowCount = async () =>
    Number(
      (
        await t.db
          .selectFrom('media')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('decodes parallel uploads one at a time; each is stored or refused cleanly', async () => {
    const before = imageWork.stats();
    const image = await png(700, 450);
    const parallel = IMAGE_QUEUE_WAITING + 4;
    const answers = await Promise.all(
      Array.from({ length: parallel }, (_, i) => upload(image, `parallel-${i}.png`)),
    );
    const statuses = answers.map((res) => res.statusCode);
    for (const res of answers) {
      expect([201, 503], res.body).toContain(res.statusCode);
      if (res.statusCode === 503) {
        expect(res.headers['retry-after']).toBe('5');
        expect(res.json()).toMatchObject({ error: { code: 'unavailable' } });
      }
    }
    const stored = statuses.filter((status) => status === 201).length;
    expect(stored).toBeGreaterThanOrEqual(1 + IMAGE_QUEUE_WAITING);
    expect(await rowCount()).toBe(stored);
    const after = imageWork.stats();
    expect(after.maxRunning).toBe(1);
    expect(after.finished - before.finished).toBe(stored);
    expect(after.refused - before.refused).toBe(parallel - stored);
    expect(after).toMatchObject({ running: 0, waiting: 0 });
  });

  it('answers 503 with Retry-After at once when the queue is full, storing nothing', async () => {
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    let started = () => {};
    const running = new Promise<void>((resolve) => (started = resolve));
    const occupying = [
      imageWork.run(async () => {
        started();
        await held;
      }),
      ...Array.from({ length: IMAGE_QUEUE_WAITING }, () => imageWork.run(() => held)),
    ];
    await running;
    const rows = await rowCount();
    const files = storedFiles(t.config.dataDir);

    const refused = await upload(await png(300, 200), 'refused.png');
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBe('5');
    expect(refused.json()).toMatchObject({ error: { code: 'unavailable' } });
    expect(await rowCount()).toBe(rows);
    expect(storedFiles(t.config.dataDir)).toEqual(files);

    release();
    await Promise.all(occupying);
    const accepted = await upload(await png(300, 200), 'accepted.png');
    expect(accepted.statusCode, accepted.body).toBe(201);
  });
});

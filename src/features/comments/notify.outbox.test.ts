import { afterEach, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../../test/helpers/db.js';
import { connectDatabase, type DbHandle } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { claimNextMail, enqueueMail, sendDueMails } from './mail-outbox.js';
import { startSmtp, type SmtpSink } from './notify.test-support.js';
import { emailHash } from './notify.token.js';

/*
 * Several instances share one database: two connections to it (two handles on one SQLite file,
 * or two pools on one PostgreSQL schema) claim and send at the same moment.
 */

const NOW = '2026-04-03T09:00:00.000Z';
const clock = () => new Date(NOW);

describe.each(DIALECTS)('mail outbox on %s', (dialect) => {
  let handle: TestDb;
  let second: DbHandle;
  let smtp: SmtpSink | undefined;

  afterEach(async () => {
    await second.close();
    await handle.close();
    await smtp?.close();
    smtp = undefined;
  });

  async function setup(mails: number): Promise<void> {
    handle = await createTestDb(dialect);
    await migrateToLatest(handle.db);
    second = connectDatabase({ dataDir: handle.dataDir, databaseUrl: handle.databaseUrl });
    for (let i = 0; i < mails; i++) {
      const to = `reader${i}@example.com`;
      await enqueueMail(
        handle.db,
        {
          dedupe_key: `test:${i}`,
          comment_id: null,
          recipient: to,
          recipient_hash: emailHash(to),
          subject: `Mail ${i}`,
          body_text: `Body ${i}`,
          unsubscribe_url: `http://deho.test/comments/unsubscribe?token=t${i}`,
        },
        NOW,
      );
    }
  }

  it('queues one mail per dedupe key', async () => {
    await setup(1);
    const again = await enqueueMail(
      handle.db,
      {
        dedupe_key: 'test:0',
        comment_id: null,
        recipient: 'x@example.com',
        recipient_hash: emailHash('x@example.com'),
        subject: 'Again',
        body_text: 'Again',
        unsubscribe_url: 'http://deho.test/u',
      },
      NOW,
    );
    expect(again).toBe(false);
    const rows = await handle.db.selectFrom('mail_outbox').select('subject').execute();
    expect(rows).toEqual([{ subject: 'Mail 0' }]);
  });

  it('gives each mail to exactly one of many concurrent claimers', async () => {
    await setup(40);
    const claimer = async (db: typeof handle.db) => {
      const ids: number[] = [];
      for (;;) {
        const mail = await claimNextMail(db, dialect, NOW, 60_000);
        if (mail === undefined) return ids;
        ids.push(mail.id);
      }
    };
    const runs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => claimer(i % 2 === 0 ? handle.db : second.db)),
    );
    const all = runs.flat().sort((a, b) => a - b);
    expect(all).toHaveLength(40);
    expect(new Set(all).size).toBe(40);
    // Both connections got some work (on SQLite they take turns at the write lock).
    expect(runs.filter((ids) => ids.length > 0).length).toBeGreaterThan(1);
    // A claim that has not lapsed is not given out again.
    expect(await claimNextMail(handle.db, dialect, NOW, 60_000)).toBeUndefined();
  });

  it('sends each mail once when two instances run the job at the same moment', async () => {
    smtp = await startSmtp();
    await setup(30);
    const config = { smtpUrl: smtp.url, mailFrom: 'Deho <deho@deho.test>' };
    const runs = await Promise.all(
      [handle.db, second.db, handle.db, second.db].map((db) =>
        sendDueMails({ db, dialect, clock, config }),
      ),
    );
    expect(runs.reduce((n, run) => n + run.sent, 0)).toBe(30);
    const subjects = smtp.mails.map((m) => m.subject).sort();
    expect(subjects).toHaveLength(30);
    expect(new Set(subjects).size).toBe(30);
    const rows = await handle.db.selectFrom('mail_outbox').select(['status', 'attempts']).execute();
    expect(rows.every((r) => r.status === 'sent' && r.attempts === 1)).toBe(true);
    const one = smtp.mails.find((m) => m.subject === 'Mail 7');
    expect(one?.to).toEqual(['reader7@example.com']);
    expect(one?.headers.get('list-unsubscribe')).toBe(
      '<http://deho.test/comments/unsubscribe?token=t7>',
    );
    expect(one?.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('takes over a mail whose claim lapsed (an instance died while sending)', async () => {
    await setup(1);
    const first = await claimNextMail(handle.db, dialect, NOW, 60_000);
    expect(first?.attempts).toBe(1);
    expect(await claimNextMail(second.db, dialect, NOW, 60_000)).toBeUndefined();
    const later = new Date(Date.parse(NOW) + 61_000).toISOString();
    const taken = await claimNextMail(second.db, dialect, later, 60_000);
    expect(taken).toMatchObject({ id: first?.id, attempts: 2, status: 'sending' });
  });
});

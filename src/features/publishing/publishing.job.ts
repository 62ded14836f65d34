import type { FastifyBaseLogger } from 'fastify';
import type { Db } from '../../db/database.js';
import type { Clock } from '../../lib/clock.js';
import { articlePath } from '../articles/index.js';
import { emitWebhook } from '../webhooks/index.js';
import { createJobLoop, type JobLoop } from '../../lib/job-loop.js';

/*
 * Scheduled publishing. Every instance runs this loop; the UPDATE … RETURNING claims the due
 * articles in one statement, so when two instances (or a restart and a late tick) run at once,
 * each article is published, and reported, exactly once. Nothing is kept in memory: an article
 * whose time passed while the server was down goes live on the first tick after start.
 */

export interface PublishingDeps {
  db: Db;
  clock: Clock;
  log?: Pick<FastifyBaseLogger, 'info' | 'error'>;
  /** Drops cached pages (ctx.pages.invalidate); called after articles went live. */
  invalidate?: (tags: readonly string[]) => void;
}

/**
 * Publishes every scheduled article whose published_at has come, then queues the webhooks that
 * report them.
 *
 * The claim is one UPDATE … RETURNING in its own implicit transaction, on purpose: a statement
 * is atomic on SQLite (writers are serialised) and on PostgreSQL (the second updater re-checks
 * `status = 'scheduled'` after the first commits), and holding a transaction open across the
 * webhook inserts would make two instances sharing one SQLite file wait on each other's lock.
 * The cost: a crash between the claim and the webhook insert loses those webhook deliveries.
 * @returns the ids published by this call (never also by another instance)
 */
export async function publishDueArticles(deps: PublishingDeps): Promise<number[]> {
  const now = deps.clock().toISOString();
  const claimed = await deps.db
    .updateTable('articles')
    .set({ status: 'published', updated_at: now })
    .where('status', '=', 'scheduled')
    .where('published_at', '<=', now)
    .returning(['id', 'slug', 'title', 'published_at'])
    .execute();
  if (claimed.length === 0) return [];
  // A new article shows on lists, tag, show and person pages and in feeds: drop every cached
  // page (publishing is rare; finer tags would have to know every page that lists articles).
  deps.invalidate?.(['site']);
  await deps.db.transaction().execute(async (trx) => {
    for (const article of claimed) {
      await emitWebhook({ db: trx, clock: deps.clock }, 'article.published', {
        article: {
          id: article.id,
          slug: article.slug,
          path: articlePath(article.slug),
          title: article.title,
          status: 'published',
          published_at: article.published_at,
          updated_at: now,
        },
      });
    }
  });
  return claimed.map((a) => a.id);
}

export type PublishingJob = JobLoop;

/**
 * The loop: a tick at start, then one every `intervalMs` (≤ 30 s, so an article goes live within
 * 60 s of its time even with a slow tick).
 */
export function createPublishingJob(deps: PublishingDeps, intervalMs: number): PublishingJob {
  return createJobLoop({
    run: async () => {
      const ids = await publishDueArticles(deps);
      if (ids.length > 0)
        deps.log?.info({ articleIds: ids }, `published ${ids.length} scheduled article(s)`);
    },
    intervalMs,
    onError: (error) => deps.log?.error({ err: error }, 'scheduled publishing run failed'),
  });
}

import crypto from 'node:crypto';
import type { RedisOptions } from 'ioredis';

/*
 * Page-cache invalidations shared by every instance over Redis pub/sub (REDIS_URL), on the channel
 * `<DEHO_REDIS_PREFIX>:pages`. A change on
 * instance A drops A's pages at once and publishes the tags; every other instance drops the same
 * pages when the message arrives.
 *
 * Redis is an accelerator here, never a dependency: while it is away, instances keep serving
 * (from their own caches and the database), publishing fails quietly, and the connection is
 * retried with a backoff of up to 5 s. One warning is logged per outage, one line when it is
 * back. Invalidations published during the outage are lost, so on reconnecting each instance
 * empties its page cache: a page rendered again costs a few milliseconds, a stale page could
 * stay up to the cache's safety limit (ten minutes).
 */

/** The channel of the invalidations of the site whose Redis names start with `prefix`. */
export function pageChannel(prefix: string): string {
  return `${prefix}:pages`;
}

export interface PageBusLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface PageBusOptions {
  url: string;
  /** Drops the pages carrying these tags locally (a message from another instance). */
  onInvalidate(tags: string[]): void;
  /** Drops every local page: Redis came back, and messages may have been missed meanwhile. */
  onResync(): void;
  log: PageBusLog;
  /** DEHO_REDIS_PREFIX: instances that share it share invalidations. */
  prefix: string;
}

export interface PageBus {
  /** Tells the other instances about a change; never throws, never waits for Redis. */
  publish(tags: readonly string[]): void;
  /** True while the subscription is live. */
  connected(): boolean;
  close(): Promise<void>;
}

interface Message {
  /** The publishing instance: it ignores its own messages (it dropped its pages already). */
  from: string;
  tags: string[];
}

/** Reconnect delay: 100 ms, 200 ms, … up to 5 s between attempts, forever. */
export function redisBackoff(attempt: number): number {
  return Math.min(100 * 2 ** Math.min(attempt - 1, 6), 5_000);
}

function parse(raw: string): Message | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Message>;
    if (typeof value.from !== 'string' || !Array.isArray(value.tags)) return undefined;
    const tags = value.tags.filter((tag): tag is string => typeof tag === 'string');
    return { from: value.from, tags };
  } catch {
    return undefined;
  }
}

/**
 * Connects to Redis in the background and returns once the client is loaded; see the comment at
 * the top. ioredis is imported here, not at start-up: a single instance without REDIS_URL never
 * needs it, and importing it took about 17 ms of the cold start.
 */
export async function createRedisPageBus(options: PageBusOptions): Promise<PageBus> {
  const { Redis } = await import('ioredis');
  const channel = pageChannel(options.prefix);
  const instance = crypto.randomUUID();
  const common: RedisOptions = {
    retryStrategy: redisBackoff,
    connectTimeout: 2_000,
    // Pages never wait for Redis: commands sent while it is away fail at once.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    lazyConnect: true,
  };
  // A subscribed connection can only subscribe, so publishing needs a second one.
  const subscriber = new Redis(options.url, { ...common, connectionName: 'deho-pages-sub' });
  const publisher = new Redis(options.url, { ...common, connectionName: 'deho-pages-pub' });
  let closing = false;
  let live = false;
  let everLive = false;
  let outage = false;

  const down = (error: unknown) => {
    live = false;
    if (closing || outage) return;
    outage = true;
    options.log.warn(
      { err: error, redis: redacted(options.url) },
      'Redis is unreachable: pages are served from this instance alone; retrying in the background',
    );
  };

  subscriber.on('ready', () => {
    // enableOfflineQueue is off, so (re)subscribe explicitly on every new connection.
    subscriber.subscribe(channel).then(
      () => {
        live = true;
        if (everLive || outage) {
          // Invalidations may have been published while we were away: start afresh.
          options.onResync();
        }
        if (outage)
          options.log.info({ redis: redacted(options.url) }, 'Redis is back; page cache emptied');
        everLive = true;
        outage = false;
      },
      (error: unknown) => down(error),
    );
  });
  subscriber.on('message', (from, raw: string) => {
    if (from !== channel) return;
    const message = parse(raw);
    if (message === undefined || message.from === instance || message.tags.length === 0) return;
    options.onInvalidate(message.tags);
  });
  subscriber.on('error', down);
  subscriber.on('close', () => {
    if (!closing && live) down(new Error('connection closed'));
  });
  // The publisher's errors show up as failed publishes; the subscriber reports the outage.
  publisher.on('error', () => undefined);

  void subscriber.connect().catch(down);
  void publisher.connect().catch(() => undefined);

  return {
    publish(tags) {
      if (tags.length === 0 || closing) return;
      const message: Message = { from: instance, tags: [...tags] };
      publisher.publish(channel, JSON.stringify(message)).catch((error: unknown) => down(error));
    },
    connected: () => live,
    async close() {
      closing = true;
      await Promise.all(
        [subscriber, publisher].map(async (client) => {
          if (client.status !== 'ready') {
            client.disconnect();
            return;
          }
          await client.quit().catch(() => client.disconnect());
        }),
      );
    },
  };
}

/** The URL without its password, for logs. */
function redacted(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'redis://…';
  }
}

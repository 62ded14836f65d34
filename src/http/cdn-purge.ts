import { outboundRequest } from './outbound.js';

/*
 * Purging a CDN in front of Deho. Every cached reader page names its entities in `Surrogate-Key`
 * (Fastly, and others) and `Cache-Tag` (Cloudflare, Bunny) headers: "article:12 show:3 lists site".
 * When content changes, the instance that made the change POSTs the same keys to DEHO_PURGE_URL:
 *
 *   POST <DEHO_PURGE_URL>
 *   Authorization: Bearer <DEHO_PURGE_TOKEN>        (when set)
 *   Content-Type: application/json
 *   {"keys": ["article:12", "lists"]}                ("site" means: everything)
 *
 * That URL is the operator's: a small function at the CDN (or a relay) that translates the call
 * into the CDN's own purge API. Changes that arrive close together are sent in one call (after
 * `delayMs`). The call goes through the SSRF-guarded outbound client, so a private or loopback
 * relay must be listed in DEHO_OUTBOUND_ALLOW. A failed call is retried twice, then logged; the
 * pages' s-maxage bounds how long a CDN can serve a page whose purge was lost.
 */

export interface PurgeLog {
  warn(obj: object, msg: string): void;
}

export interface CdnPurgerOptions {
  url: string;
  token?: string | undefined;
  /** DEHO_OUTBOUND_ALLOW. */
  allow: readonly string[];
  log: PurgeLog;
  /** Collects keys for this long before calling (default 200 ms). */
  delayMs?: number;
}

export interface CdnPurger {
  purge(keys: Iterable<string>): void;
  /** Sends what is pending now and waits for the calls in flight. */
  flush(): Promise<void>;
}

const RETRY_DELAYS_MS = [500, 2_000];

export function createCdnPurger(options: CdnPurgerOptions): CdnPurger {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const inFlight = new Set<Promise<void>>();

  async function send(keys: string[]): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
    let lastError = '';
    for (let attempt = 0; attempt <= RETRY_DELAYS_MS.length; attempt++) {
      try {
        const response = await outboundRequest(options.url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ keys }),
          timeoutMs: 5_000,
          allow: options.allow,
        });
        if (response.status >= 200 && response.status < 300) return;
        lastError = `answered ${response.status}`;
        if (response.status < 500 && response.status !== 429) break;
      } catch (error) {
        lastError = error instanceof Error ? error.message : String(error);
        if (error instanceof Error && 'reason' in error && error.reason === 'refused') break;
      }
      const delay = RETRY_DELAYS_MS[attempt];
      if (delay !== undefined) await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
    options.log.warn(
      { keys, error: lastError },
      'CDN purge failed; those pages expire at their s-maxage',
    );
  }

  function sendPending(): void {
    timer = undefined;
    if (pending.size === 0) return;
    const keys = pending.has('site') ? ['site'] : [...pending];
    pending.clear();
    const call = send(keys).finally(() => inFlight.delete(call));
    inFlight.add(call);
  }

  return {
    purge(keys) {
      for (const key of keys) pending.add(key);
      if (pending.size > 0 && timer === undefined) {
        timer = setTimeout(sendPending, options.delayMs ?? 200);
        timer.unref();
      }
    },
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        sendPending();
      }
      await Promise.all([...inFlight]);
    },
  };
}

import net from 'node:net';
import path from 'node:path';
import { MediaConfigProblem, readMediaStorage, type MediaStorageConfig } from './config-media.js';

export { MEDIA_STORAGE_KINDS } from './config-media.js';
export type { MediaStorageConfig, MediaStorageKind, S3StorageConfig } from './config-media.js';

/** Size and timeouts of an instance's PostgreSQL pool. */
export interface PgPoolConfig {
  /** DEHO_PG_POOL_MAX: connections an instance opens at most; 1–1000, default 10. */
  readonly max: number;
  /** DEHO_PG_STATEMENT_TIMEOUT_MS: PostgreSQL cancels a statement running longer; 0 (default) = no limit. */
  readonly statementTimeoutMs: number;
  /** DEHO_PG_CONNECT_TIMEOUT_MS: a query waiting this long for a connection fails (503); 100–600,000, default 5,000. */
  readonly connectTimeoutMs: number;
}

/** Everything Deho reads from the environment, validated once at start. */
export interface Config {
  readonly port: number;
  readonly host: string;
  /** Absolute path of the folder holding the SQLite file and uploads. */
  readonly dataDir: string;
  /** PostgreSQL connection string; SQLite in `dataDir` when absent. */
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  /** The PostgreSQL connection pool of each instance (unused on SQLite). */
  readonly pgPool: PgPoolConfig;
  /**
   * DEHO_REDIS_PREFIX: the start of every Redis key and channel Deho uses (`<prefix>:pages`);
   * sites sharing one Redis need different prefixes. Default `deho`.
   */
  readonly redisPrefix: string;
  /** Create the demo content on first start. */
  readonly demo: boolean;
  /** Absolute origin used in feeds, canonical links and API `url` fields, without trailing slash. */
  readonly baseUrl: string;
  /**
   * DEHO_TRUST_PROXY: which X-Forwarded-For entries to believe when taking the client address.
   * `false`: none (the socket's address); a number: that many proxies in front of Deho (the
   * address is the entry that many hops from Deho); a list: proxies at these addresses, CIDR
   * ranges or proxy-addr names (`loopback`, `linklocal`, `uniquelocal`).
   */
  readonly trustProxy: TrustProxy;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Keep rendered reader pages in memory (DEHO_PAGE_CACHE=0 turns it off to measure rendering). */
  readonly pageCache: boolean;
  /** Memory the page cache may use, in bytes (DEHO_PAGE_CACHE_MB). */
  readonly pageCacheBytes: number;
  /**
   * DEHO_OUTBOUND_ALLOW: host names, addresses or CIDR ranges that outgoing requests (webhooks,
   * embed metadata) may reach although they are private, loopback or link-local. Empty by default.
   */
  readonly outboundAllow: readonly string[];
  /** DEHO_SMTP_URL (smtp:// or smtps://): where staff invitations and password resets are sent from; unset = links are shown to the admin instead. */
  readonly smtpUrl: string | undefined;
  /** DEHO_MAIL_FROM: the From address of those mails. */
  readonly mailFrom: string;
  /** DEHO_JOB_INTERVAL_MS: how often background jobs (scheduled publishing) run; 200–30,000 ms, default 15,000. */
  readonly jobIntervalMs: number;
  /** DEHO_PURGE_URL: where the keys of changed pages are POSTed for a CDN purge; unset = no purge calls. */
  readonly purgeUrl: string | undefined;
  /** DEHO_PURGE_TOKEN: sent as `Authorization: Bearer …` with purge calls. */
  readonly purgeToken: string | undefined;
  /** DEHO_CDN_MAX_AGE: seconds a shared cache (CDN) may keep a public page (s-maxage); 0–600, default 60. */
  readonly cdnMaxAge: number;
  /** DEHO_HEADERS_TIMEOUT_MS: a client must send the whole request head within this time (slow-client defence); 100–120,000, default 10,000. */
  readonly headersTimeoutMs: number;
  /** DEHO_REQUEST_TIMEOUT_MS: a client must send the whole request (head and body) within this time; 100–600,000, default 30,000. */
  readonly requestTimeoutMs: number;
  /** DEHO_KEEP_ALIVE_TIMEOUT_MS: an idle keep-alive connection is closed after this; 100–600,000, default 72,000 (above common load-balancer idle timeouts). */
  readonly keepAliveTimeoutMs: number;
  /**
   * DEHO_SQLITE_SYNCHRONOUS: `full` (default) — an acknowledged write survives a power loss;
   * `normal` — it survives a process crash only. For measurements; keep `full` in production.
   */
  readonly sqliteSynchronous: 'full' | 'normal';
  /** DEHO_UPLOAD_MAX_MB: the largest image file the media library accepts; 1–200 MB, default 20. */
  readonly uploadMaxBytes: number;
  /** DEHO_UPLOAD_MAX_MEGAPIXELS: the most pixels (width × height) an uploaded image may have; 1–250, default 40. */
  readonly uploadMaxPixels: number;
  /** DEHO_MEDIA_STORAGE and DEHO_S3_*: where media files are kept (config-media.ts). */
  readonly mediaStorage: MediaStorageConfig;
  /**
   * DEHO_SHUTDOWN_DRAIN_SECONDS: after SIGTERM, how long `/readyz` answers 503 while everything
   * else is still served, so that a load balancer stops sending requests before the server
   * closes; 0–300, default 5.
   */
  readonly shutdownDrainSeconds: number;
  /** DEHO_METRICS_TOKEN: `/metrics` answers only `Authorization: Bearer <token>`; unset = no `/metrics`. */
  readonly metricsToken: string | undefined;
}

export type TrustProxy = false | number | readonly string[];

/** A configuration value that cannot be used; its message is one line naming the variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Readonly<Record<string, string | undefined>>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function readPort(env: Env): number {
  const raw = env.PORT?.trim();
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 1 to 65535, not "${raw}".`);
  }
  return port;
}

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} must be 1 or 0 (also true/false), not "${env[name]}".`);
}

/** More proxies than this in front of one site is a mistyped value, not a deployment. */
const MAX_TRUSTED_HOPS = 16;
const PROXY_ADDR_NAMES = ['loopback', 'linklocal', 'uniquelocal'];

function isAddressOrRange(entry: string): boolean {
  if (PROXY_ADDR_NAMES.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = net.isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/*
 * Taken the way proxy-addr (Express, Fastify) does: walking X-Forwarded-For from the right, an
 * entry is believed only while the hop that added it is trusted. `1` (one proxy) takes the entry
 * that proxy appended, never the client's own first entry.
 */
function readTrustProxy(env: Env): TrustProxy {
  const raw = env.DEHO_TRUST_PROXY?.trim().toLowerCase() ?? '';
  if (['', '0', 'false', 'no', 'off'].includes(raw)) return false;
  // true/yes/on kept their old meaning of "behind one proxy".
  if (['true', 'yes', 'on'].includes(raw)) return 1;
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > MAX_TRUSTED_HOPS) {
      throw new ConfigError(
        `DEHO_TRUST_PROXY must be a number of proxies from 1 to ${MAX_TRUSTED_HOPS}, not "${raw}".`,
      );
    }
    return hops;
  }
  const entries = raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  const bad = entries.find((entry) => !isAddressOrRange(entry));
  if (bad !== undefined) {
    throw new ConfigError(
      `DEHO_TRUST_PROXY must be 0, a number of proxies (1, 2, …) or proxy addresses and CIDR ranges separated by commas (such as 10.0.0.0/8,::1); "${bad}" is none of these.`,
    );
  }
  return Object.freeze(entries);
}

/*
 * A database index isolates nothing for pub/sub, so sites on one Redis are kept apart by the
 * names themselves. Letters, digits and `_ . -` only: the prefix is joined to names with `:`.
 */
function readRedisPrefix(env: Env): string {
  const raw = env.DEHO_REDIS_PREFIX?.trim() || 'deho';
  if (!/^[A-Za-z0-9_.-]{1,64}$/.test(raw)) {
    throw new ConfigError(
      `DEHO_REDIS_PREFIX must be 1 to 64 letters, digits, "_", "." or "-" (such as news-site), not "${raw}".`,
    );
  }
  return raw;
}

function readUrl(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//host/…, not "${raw}".`);
  }
  if (!protocols.includes(url.protocol)) {
    throw new ConfigError(
      `${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, not "${url.protocol}//".`,
    );
  }
  return raw;
}

function readHost(env: Env): string {
  const raw = env.HOST?.trim();
  if (raw === undefined || raw === '') return '127.0.0.1';
  if (!/^[A-Za-z0-9.:[\]-]+$/.test(raw)) {
    throw new ConfigError(
      `HOST must be an address or host name such as 127.0.0.1 or ::, not "${raw}".`,
    );
  }
  return raw;
}

/**
 * Reads and validates the configuration.
 * @param env the environment, usually `process.env`
 * @param cwd the folder relative data paths are resolved against
 * @returns a frozen Config
 * @throws ConfigError with a one-line message naming the variable and what it accepts
 */
export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  const port = readPort(env);
  const host = readHost(env);
  const rawDataDir = env.DEHO_DATA_DIR?.trim();
  const dataDir = path.resolve(
    cwd,
    rawDataDir === undefined || rawDataDir === '' ? 'data' : rawDataDir,
  );
  const databaseUrl = readUrl(env, 'DATABASE_URL', ['postgres:', 'postgresql:']);
  let mediaStorage: MediaStorageConfig;
  try {
    mediaStorage = readMediaStorage(env, databaseUrl);
  } catch (error) {
    if (error instanceof MediaConfigProblem) throw new ConfigError(error.message);
    throw error;
  }
  const redisUrl = readUrl(env, 'REDIS_URL', ['redis:', 'rediss:']);
  const redisPrefix = readRedisPrefix(env);
  const pgPool: PgPoolConfig = Object.freeze({
    max: readWhole(env, 'DEHO_PG_POOL_MAX', 10, 1, 1000, 'connections'),
    // No limit by default: a start waits for another instance's migrations under a lock.
    statementTimeoutMs: readMs(env, 'DEHO_PG_STATEMENT_TIMEOUT_MS', 0, 0, 3_600_000, ' (no limit)'),
    connectTimeoutMs: readMs(env, 'DEHO_PG_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
  });
  const demo = readFlag(env, 'DEHO_DEMO', true);
  const trustProxy = readTrustProxy(env);
  const displayHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const baseUrl = (
    readUrl(env, 'DEHO_BASE_URL', ['http:', 'https:']) ??
    `http://${displayHost.includes(':') ? `[${displayHost}]` : displayHost}:${port}`
  ).replace(/\/+$/, '');
  const pageCache = readFlag(env, 'DEHO_PAGE_CACHE', true);
  // 24 MB holds about a thousand article pages with their compressed bodies: the hot pages of a
  // busy site. The budget counts each page's bodies, headers and tags (docs/decisions.md).
  const rawCacheMb = env.DEHO_PAGE_CACHE_MB?.trim() || '24';
  if (!/^\d+$/.test(rawCacheMb) || Number(rawCacheMb) < 1 || Number(rawCacheMb) > 65536) {
    throw new ConfigError(
      `DEHO_PAGE_CACHE_MB must be a whole number of megabytes from 1 to 65536, not "${rawCacheMb}".`,
    );
  }
  const rawLevel = env.LOG_LEVEL?.trim() || 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(rawLevel)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, not "${rawLevel}".`);
  }
  const outboundAllow = Object.freeze(
    (env.DEHO_OUTBOUND_ALLOW ?? '')
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== ''),
  );
  for (const entry of outboundAllow) {
    if (!/^[a-z0-9.:[\]/-]+$/.test(entry)) {
      throw new ConfigError(
        `DEHO_OUTBOUND_ALLOW must list host names, addresses or CIDR ranges separated by commas, not "${entry}".`,
      );
    }
  }
  const smtpUrl = readUrl(env, 'DEHO_SMTP_URL', ['smtp:', 'smtps:']);
  const mailFrom = env.DEHO_MAIL_FROM?.trim() || 'Deho <deho@localhost>';
  const rawInterval = env.DEHO_JOB_INTERVAL_MS?.trim() || '15000';
  const jobIntervalMs = Number(rawInterval);
  if (!/^\d+$/.test(rawInterval) || jobIntervalMs < 200 || jobIntervalMs > 30_000) {
    throw new ConfigError(
      `DEHO_JOB_INTERVAL_MS must be a whole number from 200 to 30000, not "${rawInterval}".`,
    );
  }
  const purgeUrl = readUrl(env, 'DEHO_PURGE_URL', ['https:', 'http:']);
  const purgeToken = env.DEHO_PURGE_TOKEN?.trim() || undefined;
  const rawCdnMaxAge = env.DEHO_CDN_MAX_AGE?.trim() || '60';
  const cdnMaxAge = Number(rawCdnMaxAge);
  // At most ten minutes: pages carry a signed comment-form stamp that must stay fresh.
  if (!/^\d+$/.test(rawCdnMaxAge) || cdnMaxAge > 600) {
    throw new ConfigError(
      `DEHO_CDN_MAX_AGE must be a whole number of seconds from 0 to 600, not "${rawCdnMaxAge}".`,
    );
  }
  const headersTimeoutMs = readMs(env, 'DEHO_HEADERS_TIMEOUT_MS', 10_000, 100, 120_000);
  const requestTimeoutMs = readMs(env, 'DEHO_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000);
  const keepAliveTimeoutMs = readMs(env, 'DEHO_KEEP_ALIVE_TIMEOUT_MS', 72_000, 100, 600_000);
  const rawSync = env.DEHO_SQLITE_SYNCHRONOUS?.trim().toLowerCase() || 'full';
  if (rawSync !== 'full' && rawSync !== 'normal') {
    throw new ConfigError(`DEHO_SQLITE_SYNCHRONOUS must be full or normal, not "${rawSync}".`);
  }
  const uploadMaxMb = readWhole(env, 'DEHO_UPLOAD_MAX_MB', 20, 1, 200, 'megabytes');
  const uploadMaxMegapixels = readWhole(
    env,
    'DEHO_UPLOAD_MAX_MEGAPIXELS',
    40,
    1,
    250,
    'megapixels',
  );
  const shutdownDrainSeconds = readWhole(env, 'DEHO_SHUTDOWN_DRAIN_SECONDS', 5, 0, 300, 'seconds');
  const metricsToken = readMetricsToken(env);
  return Object.freeze({
    port,
    host,
    dataDir,
    databaseUrl,
    redisUrl,
    redisPrefix,
    pgPool,
    demo,
    baseUrl,
    trustProxy,
    logLevel: rawLevel as Config['logLevel'],
    pageCache,
    pageCacheBytes: Number(rawCacheMb) * 1024 * 1024,
    outboundAllow,
    smtpUrl,
    mailFrom,
    jobIntervalMs,
    purgeUrl,
    purgeToken,
    cdnMaxAge,
    // Node requires headersTimeout <= requestTimeout.
    headersTimeoutMs: Math.min(headersTimeoutMs, requestTimeoutMs),
    requestTimeoutMs,
    keepAliveTimeoutMs,
    sqliteSynchronous: rawSync,
    uploadMaxBytes: uploadMaxMb * 1024 * 1024,
    uploadMaxPixels: uploadMaxMegapixels * 1_000_000,
    mediaStorage,
    shutdownDrainSeconds,
    metricsToken,
  });
}

/*
 * The token guards the process's internals (routes, cache sizes, pool use); a short one could be
 * guessed. The message never repeats the value: it is a secret.
 */
function readMetricsToken(env: Env): string | undefined {
  const raw = env.DEHO_METRICS_TOKEN?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16 || /\s/.test(raw)) {
    throw new ConfigError(
      'DEHO_METRICS_TOKEN must be at least 16 characters without spaces (it is sent as "Authorization: Bearer <token>"); use a long random string such as the output of `openssl rand -hex 32`.',
    );
  }
  return raw;
}

function readMs(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  minMeaning = '',
): number {
  const raw = env[name]?.trim() || String(fallback);
  const ms = Number(raw);
  if (!/^\d+$/.test(raw) || ms < min || ms > max) {
    throw new ConfigError(
      `${name} must be a whole number of milliseconds from ${min}${minMeaning} to ${max}, not "${raw}".`,
    );
  }
  return ms;
}

function readWhole(
  env: Env,
  name: string,
  fallback: number,
  min: number,
  max: number,
  unit: string,
): number {
  const raw = env[name]?.trim() || String(fallback);
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min || value > max) {
    throw new ConfigError(
      `${name} must be a whole number of ${unit} from ${min} to ${max}, not "${raw}".`,
    );
  }
  return value;
}

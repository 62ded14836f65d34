import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/** The configuration of `env`, or the message it is refused with. */
function load(env: Record<string, string>) {
  return loadConfig(env, '/srv/deho');
}

function refusal(env: Record<string, string>): string {
  try {
    load(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error(`${JSON.stringify(env)} was accepted`);
}

describe('DEHO_REDIS_PREFIX', () => {
  it('is deho unless set, and takes a site name', () => {
    expect(load({}).redisPrefix).toBe('deho');
    expect(load({ DEHO_REDIS_PREFIX: '  ' }).redisPrefix).toBe('deho');
    expect(load({ DEHO_REDIS_PREFIX: 'news.example-2_b' }).redisPrefix).toBe('news.example-2_b');
  });

  it.each(['two words', 'a:b', 'a*', '{tag}', 'é', 'x'.repeat(65)])(
    'refuses %j with a message naming the variable',
    (value) => {
      expect(refusal({ DEHO_REDIS_PREFIX: value })).toMatch(
        /^DEHO_REDIS_PREFIX must be 1 to 64 letters, digits, "_", "\." or "-" .*, not "/,
      );
    },
  );
});

describe('the PostgreSQL pool variables', () => {
  it('default to 10 connections, no statement timeout and 5 s to connect', () => {
    expect(load({}).pgPool).toEqual({ max: 10, statementTimeoutMs: 0, connectTimeoutMs: 5_000 });
  });

  it('take whole numbers in their ranges', () => {
    expect(
      load({
        DEHO_PG_POOL_MAX: '40',
        DEHO_PG_STATEMENT_TIMEOUT_MS: '15000',
        DEHO_PG_CONNECT_TIMEOUT_MS: ' 2000 ',
      }).pgPool,
    ).toEqual({ max: 40, statementTimeoutMs: 15_000, connectTimeoutMs: 2_000 });
  });

  it.each([
    [
      'DEHO_PG_POOL_MAX',
      '-1',
      /^DEHO_PG_POOL_MAX must be a whole number of connections from 1 to 1000, not "-1"\.$/,
    ],
    ['DEHO_PG_POOL_MAX', '0', /from 1 to 1000, not "0"/],
    ['DEHO_PG_POOL_MAX', 'ten', /from 1 to 1000, not "ten"/],
    ['DEHO_PG_POOL_MAX', '2.5', /from 1 to 1000, not "2.5"/],
    ['DEHO_PG_POOL_MAX', '1e3', /from 1 to 1000, not "1e3"/],
    ['DEHO_PG_POOL_MAX', '99999999999999999999', /from 1 to 1000/],
    [
      'DEHO_PG_STATEMENT_TIMEOUT_MS',
      '-5',
      /^DEHO_PG_STATEMENT_TIMEOUT_MS must be a whole number of milliseconds from 0 \(no limit\) to 3600000, not "-5"\.$/,
    ],
    ['DEHO_PG_STATEMENT_TIMEOUT_MS', '30s', /not "30s"/],
    ['DEHO_PG_STATEMENT_TIMEOUT_MS', '3600001', /not "3600001"/],
    ['DEHO_PG_STATEMENT_TIMEOUT_MS', '0x10', /not "0x10"/],
    [
      'DEHO_PG_CONNECT_TIMEOUT_MS',
      '0',
      /^DEHO_PG_CONNECT_TIMEOUT_MS must be a whole number of milliseconds from 100 to 600000, not "0"\.$/,
    ],
    ['DEHO_PG_CONNECT_TIMEOUT_MS', '-100', /not "-100"/],
    ['DEHO_PG_CONNECT_TIMEOUT_MS', 'Infinity', /not "Infinity"/],
    ['DEHO_PG_CONNECT_TIMEOUT_MS', '1'.repeat(400), /from 100 to 600000/],
  ])('refuses %s=%j with a message naming it', (name, value, message) => {
    expect(refusal({ [name]: value })).toMatch(message);
  });
});

describe('DEHO_SHUTDOWN_DRAIN_SECONDS', () => {
  it('is 5 s unless set, and takes 0 (close at once) up to 300', () => {
    expect(load({}).shutdownDrainSeconds).toBe(5);
    expect(load({ DEHO_SHUTDOWN_DRAIN_SECONDS: '0' }).shutdownDrainSeconds).toBe(0);
    expect(load({ DEHO_SHUTDOWN_DRAIN_SECONDS: ' 30 ' }).shutdownDrainSeconds).toBe(30);
    expect(load({ DEHO_SHUTDOWN_DRAIN_SECONDS: '300' }).shutdownDrainSeconds).toBe(300);
  });

  it.each(['-1', '301', '2.5', 'five', '5s'])('refuses %j with a message naming it', (value) => {
    expect(refusal({ DEHO_SHUTDOWN_DRAIN_SECONDS: value })).toBe(
      `DEHO_SHUTDOWN_DRAIN_SECONDS must be a whole number of seconds from 0 to 300, not "${value}".`,
    );
  });
});

describe('DEHO_METRICS_TOKEN', () => {
  it('is unset by default: /metrics is not served', () => {
    expect(load({}).metricsToken).toBeUndefined();
    expect(load({ DEHO_METRICS_TOKEN: '   ' }).metricsToken).toBeUndefined();
  });

  it('takes a token of at least 16 visible characters', () => {
    expect(load({ DEHO_METRICS_TOKEN: ' s3cret-scrape-token-0123 ' }).metricsToken).toBe(
      's3cret-scrape-token-0123',
    );
  });

  it.each(['short', 'has a space in it, long enough', 'tab\there-and-long-enough'])(
    'refuses %j without repeating it',
    (value) => {
      const message = refusal({ DEHO_METRICS_TOKEN: value });
      expect(message).toBe(
        'DEHO_METRICS_TOKEN must be at least 16 characters without spaces (it is sent as "Authorization: Bearer <token>"); use a long random string such as the output of `openssl rand -hex 32`.',
      );
      expect(message).not.toContain(value);
    },
  );
});

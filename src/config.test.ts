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

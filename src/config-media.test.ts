import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

/*
 * DEHO_MEDIA_STORAGE and DEHO_S3_*: every value that cannot work is refused at start with one
 * line naming the variable, and no secret is ever repeated in it.
 */

const PG = { DATABASE_URL: 'postgres://deho@db.internal:5432/deho' };
const S3 = {
  DEHO_MEDIA_STORAGE: 's3',
  DEHO_S3_ENDPOINT: 'http://127.0.0.1:9000',
  DEHO_S3_BUCKET: 'deho-media',
  DEHO_S3_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  DEHO_S3_SECRET_ACCESS_KEY: 'very-secret-value',
};

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

describe('DEHO_MEDIA_STORAGE', () => {
  it('is disk unless set, with no bucket', () => {
    expect(load({}).mediaStorage).toEqual({ kind: 'disk', s3: undefined });
    expect(load({ DEHO_MEDIA_STORAGE: ' Disk ' }).mediaStorage.kind).toBe('disk');
  });

  it('takes postgres with a PostgreSQL database', () => {
    expect(load({ ...PG, DEHO_MEDIA_STORAGE: 'postgres' }).mediaStorage.kind).toBe('postgres');
  });

  it('refuses postgres on SQLite, saying why and what to use instead', () => {
    expect(refusal({ DEHO_MEDIA_STORAGE: 'postgres' })).toBe(
      'DEHO_MEDIA_STORAGE=postgres keeps media files in the PostgreSQL database, so it needs DATABASE_URL; this site runs on SQLite. Use disk or s3.',
    );
  });

  it.each(['ftp', 'S4', 'disk;rm -rf /', 'local'])('refuses %j', (value) => {
    expect(refusal({ DEHO_MEDIA_STORAGE: value })).toBe(
      `DEHO_MEDIA_STORAGE must be disk, postgres or s3, not "${value}".`,
    );
  });
});

describe('the S3 variables', () => {
  it('read an S3-compatible server with its keys', () => {
    expect(load(S3).mediaStorage).toEqual({
      kind: 's3',
      s3: {
        endpoint: 'http://127.0.0.1:9000',
        bucket: 'deho-media',
        region: 'us-east-1',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 'very-secret-value' },
      },
    });
  });

  it('leave out the endpoint and keys for AWS S3 with an instance role', () => {
    const { s3 } = load({
      DEHO_MEDIA_STORAGE: 's3',
      DEHO_S3_BUCKET: 'news',
      DEHO_S3_REGION: 'eu-central-1',
    }).mediaStorage;
    expect(s3).toEqual({
      endpoint: undefined,
      bucket: 'news',
      region: 'eu-central-1',
      credentials: undefined,
    });
  });

  it('are read with another store too, for `deho media migrate --to s3`', () => {
    expect(load({ ...S3, DEHO_MEDIA_STORAGE: 'disk' }).mediaStorage.s3?.bucket).toBe('deho-media');
  });

  it('need a bucket', () => {
    expect(refusal({ DEHO_MEDIA_STORAGE: 's3' })).toBe(
      'DEHO_MEDIA_STORAGE=s3 needs DEHO_S3_BUCKET, the name of the bucket that holds the media files.',
    );
    expect(refusal({ DEHO_S3_ENDPOINT: 'http://127.0.0.1:9000' })).toMatch(
      /^The DEHO_S3_ variables that are set need DEHO_S3_BUCKET/,
    );
  });

  it.each(['ab', 'Deho_Media', '-media', 'media-', 'a..b', 'x'.repeat(64), 'media/other'])(
    'refuse the bucket name %j',
    (bucket) => {
      expect(refusal({ ...S3, DEHO_S3_BUCKET: bucket })).toMatch(
        /^DEHO_S3_BUCKET must be a bucket name of 3 to 63 lowercase letters, digits, "\." and "-"/,
      );
    },
  );

  it('refuse an endpoint that is not an http(s) server address', () => {
    expect(refusal({ ...S3, DEHO_S3_ENDPOINT: 'minio:9000 ' })).toMatch(
      /^DEHO_S3_ENDPOINT must start with https:\/\/ or http:\/\//,
    );
    expect(refusal({ ...S3, DEHO_S3_ENDPOINT: 'not a url' })).toMatch(
      /^DEHO_S3_ENDPOINT must be the URL of an S3-compatible server/,
    );
    expect(refusal({ ...S3, DEHO_S3_ENDPOINT: 'ftp://files.example' })).toMatch(
      /must start with https:\/\/ or http:\/\/, not "ftp:\/\/"/,
    );
    expect(refusal({ ...S3, DEHO_S3_ENDPOINT: 'http://127.0.0.1:9000/deho-media' })).toBe(
      "DEHO_S3_ENDPOINT must be the server's address only (such as http://127.0.0.1:9000); name the bucket in DEHO_S3_BUCKET.",
    );
  });

  it('refuse keys in the endpoint without repeating them', () => {
    const message = refusal({ ...S3, DEHO_S3_ENDPOINT: 'http://AKIA:hunter2-secret@s3.example' });
    expect(message).toMatch(/^DEHO_S3_ENDPOINT must not contain a user name or password/);
    expect(message).not.toContain('hunter2-secret');
  });

  it('take both keys or neither, and never print the secret', () => {
    expect(refusal({ ...S3, DEHO_S3_SECRET_ACCESS_KEY: '' })).toBe(
      'DEHO_S3_ACCESS_KEY_ID and DEHO_S3_SECRET_ACCESS_KEY go together; DEHO_S3_SECRET_ACCESS_KEY is missing.',
    );
    const pasted = refusal({ ...S3, DEHO_S3_SECRET_ACCESS_KEY: 'two words\u0000here' });
    expect(pasted).toMatch(/^DEHO_S3_SECRET_ACCESS_KEY must be 1 to 256 printable characters/);
    expect(pasted).not.toContain('two words');
  });

  it('refuse a region that is not a region name', () => {
    expect(refusal({ ...S3, DEHO_S3_REGION: 'EU Central' })).toBe(
      'DEHO_S3_REGION must be a region name such as us-east-1 or eu-central-1, not "EU Central".',
    );
  });
});

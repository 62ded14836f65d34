/*
 * DEHO_MEDIA_STORAGE and the DEHO_S3_* variables: where uploaded and imported media files are
 * kept. Read by loadConfig (config.ts) and checked there, at start, so that a site never serves
 * half its images from a store it cannot reach. Messages never repeat a secret's value.
 */

export const MEDIA_STORAGE_KINDS = ['disk', 'postgres', 's3'] as const;
export type MediaStorageKind = (typeof MEDIA_STORAGE_KINDS)[number];

/** An S3-compatible bucket (AWS S3, MinIO, Ceph, Garage, R2, …). */
export interface S3StorageConfig {
  /** DEHO_S3_ENDPOINT: the server's origin (https://s3.example.net); unset = AWS S3 itself. */
  readonly endpoint: string | undefined;
  /** DEHO_S3_BUCKET: the bucket the files go in (it must exist). */
  readonly bucket: string;
  /** DEHO_S3_REGION: default us-east-1, which S3-compatible servers accept. */
  readonly region: string;
  /** DEHO_S3_ACCESS_KEY_ID and DEHO_S3_SECRET_ACCESS_KEY; unset = the AWS SDK's own chain (instance role, ~/.aws). */
  readonly credentials:
    { readonly accessKeyId: string; readonly secretAccessKey: string } | undefined;
}

export interface MediaStorageConfig {
  /** DEHO_MEDIA_STORAGE: `disk` (default, <DEHO_DATA_DIR>/media), `postgres` or `s3`. */
  readonly kind: MediaStorageKind;
  /**
   * The bucket, whenever DEHO_S3_BUCKET is set: also with another kind, so that
   * `deho media migrate --to s3` can fill it before the site is switched over.
   */
  readonly s3: S3StorageConfig | undefined;
}

/** Thrown for a value that cannot be used; config.ts turns it into its own ConfigError. */
export class MediaConfigProblem extends Error {}

type Env = Readonly<Record<string, string | undefined>>;

const S3_VARIABLES = [
  'DEHO_S3_ENDPOINT',
  'DEHO_S3_BUCKET',
  'DEHO_S3_REGION',
  'DEHO_S3_ACCESS_KEY_ID',
  'DEHO_S3_SECRET_ACCESS_KEY',
] as const;

function value(env: Env, name: string): string | undefined {
  const raw = env[name]?.trim();
  return raw === undefined || raw === '' ? undefined : raw;
}

function readEndpoint(env: Env): string | undefined {
  const raw = value(env, 'DEHO_S3_ENDPOINT');
  if (raw === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new MediaConfigProblem(
      `DEHO_S3_ENDPOINT must be the URL of an S3-compatible server, such as https://s3.example.net or http://127.0.0.1:9000, not "${raw}".`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new MediaConfigProblem(
      `DEHO_S3_ENDPOINT must start with https:// or http://, not "${url.protocol}//".`,
    );
  }
  // Keys in the URL would end up in logs; the bucket goes in DEHO_S3_BUCKET, not in the path.
  if (url.username !== '' || url.password !== '') {
    throw new MediaConfigProblem(
      'DEHO_S3_ENDPOINT must not contain a user name or password; set DEHO_S3_ACCESS_KEY_ID and DEHO_S3_SECRET_ACCESS_KEY instead.',
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') {
    throw new MediaConfigProblem(
      `DEHO_S3_ENDPOINT must be the server's address only (such as ${url.origin}); name the bucket in DEHO_S3_BUCKET.`,
    );
  }
  return url.origin;
}

/*
 * The rules S3 itself sets for bucket names (3–63 lowercase letters, digits, dots and hyphens,
 * starting and ending with a letter or digit); a name outside them fails on every server.
 */
function readBucket(env: Env, kind: MediaStorageKind): string {
  const raw = value(env, 'DEHO_S3_BUCKET');
  if (raw === undefined) {
    throw new MediaConfigProblem(
      `${kind === 's3' ? 'DEHO_MEDIA_STORAGE=s3' : 'The DEHO_S3_ variables that are set'} need${kind === 's3' ? 's' : ''} DEHO_S3_BUCKET, the name of the bucket that holds the media files.`,
    );
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(raw) || raw.includes('..')) {
    throw new MediaConfigProblem(
      `DEHO_S3_BUCKET must be a bucket name of 3 to 63 lowercase letters, digits, "." and "-", starting and ending with a letter or digit, not "${raw}".`,
    );
  }
  return raw;
}

function readRegion(env: Env): string {
  const raw = value(env, 'DEHO_S3_REGION') ?? 'us-east-1';
  if (!/^[a-z0-9-]{1,64}$/.test(raw)) {
    throw new MediaConfigProblem(
      `DEHO_S3_REGION must be a region name such as us-east-1 or eu-central-1, not "${raw}".`,
    );
  }
  return raw;
}

function readCredentials(env: Env): S3StorageConfig['credentials'] {
  const accessKeyId = value(env, 'DEHO_S3_ACCESS_KEY_ID');
  const secretAccessKey = value(env, 'DEHO_S3_SECRET_ACCESS_KEY');
  if (accessKeyId === undefined && secretAccessKey === undefined) return undefined;
  if (accessKeyId === undefined || secretAccessKey === undefined) {
    throw new MediaConfigProblem(
      `DEHO_S3_ACCESS_KEY_ID and DEHO_S3_SECRET_ACCESS_KEY go together; ${accessKeyId === undefined ? 'DEHO_S3_ACCESS_KEY_ID' : 'DEHO_S3_SECRET_ACCESS_KEY'} is missing.`,
    );
  }
  // Printable ASCII only: anything else is a paste gone wrong and would fail every signature.
  if (!/^[\x21-\x7e]{1,256}$/.test(accessKeyId)) {
    throw new MediaConfigProblem(
      'DEHO_S3_ACCESS_KEY_ID must be 1 to 256 printable characters without spaces.',
    );
  }
  if (!/^[\x21-\x7e]{1,256}$/.test(secretAccessKey)) {
    throw new MediaConfigProblem(
      'DEHO_S3_SECRET_ACCESS_KEY must be 1 to 256 printable characters without spaces (its value is not shown here).',
    );
  }
  return Object.freeze({ accessKeyId, secretAccessKey });
}

/**
 * Reads where media files are kept.
 * @param databaseUrl DATABASE_URL as read; the postgres kind needs it
 * @throws MediaConfigProblem naming the variable and what it accepts
 */
export function readMediaStorage(env: Env, databaseUrl: string | undefined): MediaStorageConfig {
  const raw = value(env, 'DEHO_MEDIA_STORAGE')?.toLowerCase() ?? 'disk';
  if (!(MEDIA_STORAGE_KINDS as readonly string[]).includes(raw)) {
    throw new MediaConfigProblem(
      `DEHO_MEDIA_STORAGE must be disk, postgres or s3, not "${env.DEHO_MEDIA_STORAGE?.trim()}".`,
    );
  }
  const kind = raw as MediaStorageKind;
  if (kind === 'postgres' && databaseUrl === undefined) {
    throw new MediaConfigProblem(
      'DEHO_MEDIA_STORAGE=postgres keeps media files in the PostgreSQL database, so it needs DATABASE_URL; this site runs on SQLite. Use disk or s3.',
    );
  }
  const s3Named = S3_VARIABLES.some((name) => value(env, name) !== undefined);
  const s3 =
    kind === 's3' || s3Named
      ? Object.freeze({
          endpoint: readEndpoint(env),
          bucket: readBucket(env, kind),
          region: readRegion(env),
          credentials: readCredentials(env),
        })
      : undefined;
  return Object.freeze({ kind, s3 });
}

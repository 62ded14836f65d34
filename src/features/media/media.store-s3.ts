import fs from 'node:fs';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { ConfigError, type S3StorageConfig } from '../../config.js';
import {
  contentTypeOf,
  resolveRange,
  type ByteRange,
  type FileSource,
  type MediaStore,
  type NewFile,
  type RangeSpec,
  type StoredFacts,
} from './media.store.js';

/*
 * DEHO_MEDIA_STORAGE=s3: files are objects of one bucket, keyed as on disk, through the AWS SDK.
 * With DEHO_S3_ENDPOINT (an S3-compatible server: MinIO, Ceph, Garage, R2, …) addressing is
 * path-style (http://host/bucket/key), which every such server understands without wildcard DNS.
 * Checksums are sent and checked only where S3 requires them: the SDK's newer default (a CRC
 * trailer on every upload, "aws-chunked") is refused by many S3-compatible servers.
 */

function status(error: unknown): number | undefined {
  return error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
}

const isMissing = (error: unknown) =>
  status(error) === 404 ||
  (error instanceof Error && (error.name === 'NotFound' || error.name === 'NoSuchKey'));

function rangeHeader(spec: RangeSpec): string {
  return 'suffix' in spec
    ? `bytes=-${spec.suffix}`
    : `bytes=${spec.start}-${spec.end === undefined ? '' : spec.end}`;
}

/** "bytes 0-99/1234" → the range and the whole size. */
function parseContentRange(value: string | undefined): { range: ByteRange; size: number } | null {
  const match = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(value ?? '');
  if (match === null) return null;
  return {
    range: { start: Number(match[1]), end: Number(match[2]) },
    size: Number(match[3]),
  };
}

/** Where the bucket is, for messages: never the keys. */
function describe(config: S3StorageConfig): string {
  return `bucket "${config.bucket}" at ${config.endpoint ?? `AWS S3 (${config.region})`}`;
}

export function createS3Store(config: S3StorageConfig): MediaStore & { check(): Promise<void> } {
  const client = new S3Client({
    region: config.region,
    ...(config.endpoint !== undefined && { endpoint: config.endpoint, forcePathStyle: true }),
    // A copy: the SDK marks the object it is given (feature tracking), and the config is frozen.
    ...(config.credentials !== undefined && { credentials: { ...config.credentials } }),
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = config.bucket;

  const head = async (key: string): Promise<StoredFacts | undefined> => {
    try {
      const out = await client.send(new HeadObjectCommand({ Bucket, Key: key }));
      return {
        size: out.ContentLength ?? 0,
        contentType: contentTypeOf(key),
        modified: out.LastModified ?? new Date(0),
        etag: out.ETag ?? `"${key}"`,
      };
    } catch (error) {
      if (isMissing(error)) return undefined;
      throw error;
    }
  };

  async function keysUnder(prefix: string): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const page = await client.send(
        new ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken: token }),
      );
      for (const item of page.Contents ?? []) if (item.Key !== undefined) keys.push(item.Key);
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }

  const remove = async (keys: readonly string[]) => {
    // One request per object: DeleteObjects needs a checksum header that not every
    // S3-compatible server accepts, and a library item has at most fifteen files.
    await Promise.all(keys.map((Key) => client.send(new DeleteObjectCommand({ Bucket, Key }))));
  };

  /*
   * The bytes are sent from memory: a signed request over plain HTTP needs the payload's hash
   * first, and a stream body is signed in ways (aws-chunked) that S3-compatible servers handle
   * unevenly. Files are images and imported attachments, read once each.
   */
  const put = async (key: string, source: FileSource) => {
    const data = 'data' in source ? source.data : await fs.promises.readFile(source.path);
    await client.send(
      new PutObjectCommand({
        Bucket,
        Key: key,
        ContentType: contentTypeOf(key),
        ContentLength: data.length,
        Body: data,
      }),
    );
  };

  return {
    kind: 's3',
    remote: true,

    /**
     * Says at start whether the bucket can be reached with these keys.
     * @throws ConfigError naming the bucket and what went wrong
     */
    async check() {
      try {
        await client.send(new HeadBucketCommand({ Bucket }));
      } catch (error) {
        const code = status(error);
        const why =
          code === 404
            ? 'it does not exist; create it first'
            : code === 403 || code === 401
              ? 'the keys (DEHO_S3_ACCESS_KEY_ID, DEHO_S3_SECRET_ACCESS_KEY) are not allowed to use it'
              : `it cannot be reached (${error instanceof Error ? error.message : String(error)})`;
        throw new ConfigError(
          `DEHO_MEDIA_STORAGE=s3: the ${describe(config)} cannot be used: ${why}.`,
        );
      }
    },

    stat: head,

    async open(key, asked?: RangeSpec) {
      let spec = asked;
      // A suffix range ("the last n bytes") is resolved here: not every S3-compatible server
      // reads `bytes=-n` as S3 does (s3rver serves the first n bytes).
      if (spec !== undefined && 'suffix' in spec) {
        const facts = await head(key);
        if (facts === undefined) return undefined;
        const range = resolveRange(spec, facts.size);
        if (range === null) return { ...facts, range: 'unsatisfiable', body: Readable.from([]) };
        spec = range;
      }
      try {
        const out = await client.send(
          new GetObjectCommand({
            Bucket,
            Key: key,
            ...(spec !== undefined && { Range: rangeHeader(spec) }),
          }),
        );
        const partial = parseContentRange(out.ContentRange);
        const body = out.Body instanceof Readable ? out.Body : Readable.from([]);
        return {
          size: partial?.size ?? out.ContentLength ?? 0,
          contentType: contentTypeOf(key),
          modified: out.LastModified ?? new Date(0),
          etag: out.ETag ?? `"${key}"`,
          range: spec === undefined ? undefined : (partial?.range ?? undefined),
          body,
        };
      } catch (error) {
        if (isMissing(error)) return undefined;
        if (status(error) === 416) {
          const facts = await head(key);
          if (facts === undefined) return undefined;
          return { ...facts, range: 'unsatisfiable', body: Readable.from([]) };
        }
        throw error;
      }
    },

    async putFolder(folder, files: readonly NewFile[]) {
      await remove(await keysUnder(folder));
      const written: string[] = [];
      try {
        for (const file of files) {
          const key = `${folder}${file.name}`;
          await put(key, { data: file.data });
          written.push(key);
        }
      } catch (error) {
        await remove(written).catch(() => undefined);
        throw error;
      }
    },

    putFile: put,

    async removeFolder(folder) {
      await remove(await keysUnder(folder));
    },

    async removeFile(key) {
      await remove([key]);
    },

    async *list() {
      let token: string | undefined;
      do {
        const page = await client.send(
          new ListObjectsV2Command({ Bucket, ContinuationToken: token }),
        );
        for (const item of page.Contents ?? []) {
          if (item.Key !== undefined) yield { key: item.Key, size: item.Size ?? 0 };
        }
        token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
    },

    async close() {
      client.destroy();
    },
  };
}

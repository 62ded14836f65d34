import { ConfigError, type MediaStorageConfig, type MediaStorageKind } from '../../config.js';
import type { Dialect } from '../../db/connect.js';
import type { Db } from '../../db/database.js';
import { createDiskStore } from './media.store-disk.js';
import { createPostgresStore } from './media.store-postgres.js';
import type { MediaStore } from './media.store.js';

export interface StoreDeps {
  db: Db;
  dialect: Dialect;
  dataDir: string;
}

/**
 * The store of one kind, checked: postgres only on a PostgreSQL database, s3 only with a bucket
 * that answers. The AWS SDK is loaded only for s3 (it is large, and most sites never need it).
 * @throws ConfigError with a one-line message naming what to change
 */
export async function openMediaStore(
  kind: MediaStorageKind,
  config: MediaStorageConfig,
  deps: StoreDeps,
): Promise<MediaStore> {
  switch (kind) {
    case 'disk':
      return createDiskStore(deps.dataDir);
    case 'postgres':
      if (deps.dialect !== 'postgres') {
        throw new ConfigError(
          'DEHO_MEDIA_STORAGE=postgres keeps media files in the PostgreSQL database, but this site runs on SQLite; set DATABASE_URL or use disk or s3.',
        );
      }
      return createPostgresStore(deps.db);
    case 's3': {
      if (config.s3 === undefined) {
        throw new ConfigError(
          'The s3 media store needs DEHO_S3_BUCKET (and DEHO_S3_ENDPOINT for a server other than AWS S3).',
        );
      }
      const { createS3Store } = await import('./media.store-s3.js');
      const store = createS3Store(config.s3);
      try {
        await store.check();
      } catch (error) {
        await store.close();
        throw error;
      }
      return store;
    }
  }
}

/** The store DEHO_MEDIA_STORAGE names. */
export function openConfiguredStore(
  config: MediaStorageConfig,
  deps: StoreDeps,
): Promise<MediaStore> {
  return openMediaStore(config.kind, config, deps);
}

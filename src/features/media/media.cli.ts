import type { Config, MediaStorageKind } from '../../config.js';
import { connectDatabase } from '../../db/connect.js';
import { migrateToLatest } from '../../db/migrate.js';
import { migrateMedia } from './media.migrate.js';
import { openMediaStore } from './media.stores.js';

export interface MediaCommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

const MB = 1024 * 1024;

/**
 * `deho media migrate --to KIND [--from KIND]`: copies the files of one store into another
 * (both configured by the environment), verifies each copy and prints the counts.
 * @returns the exit code: 0 when every file is in the target, 1 when any failed
 * @throws ConfigError when either store cannot be used
 */
export async function mediaMigrateCommand(
  config: Config,
  io: MediaCommandIo,
  stores: { from: MediaStorageKind; to: MediaStorageKind },
): Promise<number> {
  const handle = connectDatabase({
    dataDir: config.dataDir,
    databaseUrl: config.databaseUrl,
    pgPool: config.pgPool,
  });
  try {
    // The postgres store's table comes with a migration.
    await migrateToLatest(handle.db);
    const deps = { db: handle.db, dialect: handle.dialect, dataDir: config.dataDir };
    const from = await openMediaStore(stores.from, config.mediaStorage, deps);
    try {
      const to = await openMediaStore(stores.to, config.mediaStorage, deps);
      try {
        io.stdout.write(`Copying media files from ${stores.from} to ${stores.to}…\n`);
        const report = await migrateMedia(from, to, (done) => {
          if (done % 500 === 0) io.stdout.write(`  ${done} files looked at\n`);
        });
        const total = report.copied + report.present + report.failed.length;
        io.stdout.write(
          `${total} file${total === 1 ? '' : 's'} (${(report.bytes / MB).toFixed(1)} MB): ${report.copied} copied and verified, ` +
            `${report.present} already in ${stores.to}, ${report.failed.length} failed.\n`,
        );
        for (const { key, reason } of report.failed)
          io.stderr.write(`  failed: ${key}: ${reason}\n`);
        io.stdout.write(
          report.failed.length === 0
            ? `Every file is in ${stores.to}. Set DEHO_MEDIA_STORAGE=${stores.to} and restart; the files in ${stores.from} were left as they were.\n`
            : 'Run the command again to retry the failed files; the copied ones are not copied twice.\n',
        );
        return report.failed.length === 0 ? 0 : 1;
      } finally {
        await to.close();
      }
    } finally {
      await from.close();
    }
  } finally {
    await handle.close();
  }
}

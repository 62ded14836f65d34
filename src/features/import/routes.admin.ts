import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { App, AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import { invalidateRedirects } from './redirects.js';
import { EXPORT_FILE, exportSite } from './site-export.js';
import { importWordpress } from './wordpress.import.js';

/*
 * The admin side: upload a WordPress export (owner and admins), download the site's export
 * (owner only). Register inside the Admin API area, which authenticates every request.
 */

/** The largest WXR file the admin accepts; bigger ones go through `deho import wordpress`. */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

class TooLarge extends AppError {
  override readonly name = 'TooLarge';
  constructor() {
    super(
      'payload_too_large',
      `The export is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with "deho import wordpress FILE" on the server.`,
    );
  }
}

function scratchDir(dataDir: string): string {
  const dir = path.join(dataDir, 'tmp', `import-${crypto.randomUUID()}`);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

export function importAdminRoutes(app: App, ctx: AppContext): void {
  void app.register(async (area: App) => {
    // The WXR is streamed to a file as it arrives, never held in memory.
    area.addContentTypeParser(['application/xml', 'text/xml'], (_request, payload, done) =>
      done(null, payload),
    );

    area.post('/imports/wordpress', async (request, reply) => {
      requireCan(request, 'site.import');
      const body = request.body;
      if (!(body instanceof Object) || typeof (body as NodeJS.ReadableStream).pipe !== 'function') {
        throw new AppError(
          'unsupported_media_type',
          'Send the WordPress export as application/xml.',
        );
      }
      const dir = scratchDir(ctx.config.dataDir);
      const file = path.join(dir, 'export.xml');
      try {
        let bytes = 0;
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(bytes > MAX_UPLOAD_BYTES ? new TooLarge() : null, chunk);
          },
        });
        await pipeline(body as NodeJS.ReadableStream, limit, fs.createWriteStream(file));
        const report = await importWordpress(ctx.db, ctx.clock, {
          file,
          dataDir: ctx.config.dataDir,
        });
        invalidateRedirects();
        ctx.pages.invalidate(['site']);
        return reply.code(200).send({ import: { ...report, file: 'upload' } });
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    area.get('/export', async (request, reply) => {
      requireCan(request, 'site.export');
      const dir = scratchDir(ctx.config.dataDir);
      try {
        await exportSite(ctx.db, ctx.dialect, ctx.config.dataDir, dir, { copyMedia: false });
        const json = fs.readFileSync(path.join(dir, EXPORT_FILE));
        return reply
          .type('application/json; charset=utf-8')
          .header('content-disposition', `attachment; filename="${EXPORT_FILE}"`)
          .header('cache-control', 'no-store')
          .send(json);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { App, AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import { importWordpress, invalidateRedirects, type ImportReport } from '../import/index.js';

/*
 * The admin's WordPress upload with live progress: the same engine as `deho import wordpress`
 * (importWordpress), its progress written to the answer as it reads, one JSON object a line
 * (application/x-ndjson), then the report. The answer is the progress channel, so nothing is
 * kept between requests and any instance behind a load balancer can take the upload.
 */

/** The largest WXR file accepted here; bigger ones go through `deho import wordpress`. */
const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;

/** One line of the answer. */
export type ImportProgressLine =
  | { type: 'uploaded'; bytes: number }
  | { type: 'progress'; bytes_read: number; total_bytes: number; items: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string } };

class TooLarge extends AppError {
  override readonly name = 'TooLarge';
  constructor() {
    super(
      'payload_too_large',
      `The export is larger than ${MAX_UPLOAD_BYTES / 1024 / 1024} MB; import it with "deho import wordpress FILE" on the server.`,
    );
  }
}

/** Registers POST /imports/wordpress/progress in the Admin API area. */
export function importUploadRoutes(app: App, ctx: AppContext): void {
  void app.register(async (area: App) => {
    // The WXR is streamed to a file as it arrives, never held in memory.
    area.addContentTypeParser(['application/xml', 'text/xml'], (_request, payload, done) =>
      done(null, payload),
    );

    area.post('/imports/wordpress/progress', async (request, reply) => {
      requireCan(request, 'site.import');
      const body = request.body;
      if (!(body instanceof Object) || typeof (body as NodeJS.ReadableStream).pipe !== 'function') {
        throw new AppError(
          'unsupported_media_type',
          'Send the WordPress export as application/xml.',
        );
      }
      const dir = path.join(ctx.config.dataDir, 'tmp', `import-${crypto.randomUUID()}`);
      fs.mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'export.xml');
      let bytes = 0;
      try {
        const limit = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            bytes += chunk.length;
            callback(bytes > MAX_UPLOAD_BYTES ? new TooLarge() : null, chunk);
          },
        });
        await pipeline(body as NodeJS.ReadableStream, limit, fs.createWriteStream(file));
      } catch (error) {
        fs.rmSync(dir, { recursive: true, force: true });
        throw error;
      }

      const lines = new PassThrough();
      const write = (line: ImportProgressLine) => lines.write(`${JSON.stringify(line)}\n`);
      write({ type: 'uploaded', bytes });
      // A line each time another percent of the file has been read, or another 50 items.
      let lastPercent = -1;
      let lastItems = -1;
      void importWordpress(ctx.db, ctx.clock, {
        file,
        dataDir: ctx.config.dataDir,
        onProgress: ({ bytesRead, totalBytes, items }) => {
          const percent = Math.floor((bytesRead / Math.max(1, totalBytes)) * 100);
          if (percent === lastPercent && items - lastItems < 50) return;
          lastPercent = percent;
          lastItems = items;
          write({ type: 'progress', bytes_read: bytesRead, total_bytes: totalBytes, items });
        },
      })
        .then((report) => {
          invalidateRedirects();
          ctx.pages.invalidate(['site']);
          write({ type: 'done', report: { ...report, file: 'upload' } });
        })
        .catch((error: unknown) => {
          // The status line is already sent: a refusal travels as the last line.
          const known = error instanceof AppError;
          if (!known) request.log.error({ err: error }, 'WordPress upload failed');
          write({
            type: 'error',
            error: {
              code: known ? error.code : 'internal',
              message: known ? error.message : 'The import failed; nothing was written.',
            },
          });
        })
        .finally(() => {
          fs.rmSync(dir, { recursive: true, force: true });
          lines.end();
        });
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(lines);
    });
  });
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Type, type Static } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import type { MediaStore } from '../media/index.js';
import { invalidateRedirects } from './redirects.js';
import { EXPORT_FILE, exportSite } from './site-export.js';
import { importWordpress } from './wordpress.import.js';
import type { FetchOptions } from './wordpress.fetch.js';
import type { ImportReport } from './wordpress.report.js';

/*
 * The admin side: upload a WordPress export (owner and admins), download the site's export
 * (owner only). Register inside the Admin API area, which authenticates every request.
 *
 * The upload comes in two answers: `POST /imports/wordpress` answers with the report at the end;
 * `POST /imports/wordpress/progress` (the admin screen) writes the progress as it reads, one JSON
 * object a line (application/x-ndjson), then the report. That answer is the progress channel, so
 * nothing is kept between requests and any instance behind a load balancer can take the upload.
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

/** One line of the progress answer. */
export type ImportProgressLine =
  | { type: 'uploaded'; bytes: number }
  | { type: 'downloads'; done: number; total: number }
  | { type: 'progress'; bytes_read: number; total_bytes: number; items: number }
  | { type: 'done'; report: ImportReport }
  | { type: 'error'; error: { code: string; message: string } };

/**
 * Streams the request's WXR to a scratch file, never holding it in memory.
 * @returns the scratch folder (the caller removes it) and the file
 * @throws AppError when the body is not XML or is too large (the folder is removed then)
 */
async function receiveExport(
  body: unknown,
  dataDir: string,
): Promise<{ dir: string; file: string; bytes: number }> {
  if (!(body instanceof Object) || typeof (body as NodeJS.ReadableStream).pipe !== 'function') {
    throw new AppError('unsupported_media_type', 'Send the WordPress export as application/xml.');
  }
  const dir = scratchDir(dataDir);
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
    return { dir, file, bytes };
  } catch (error) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

const ImportQuery = Type.Object(
  {
    /** Download the export's files from the old site (public addresses only). */
    fetch_attachments: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
type ImportQuery = Static<typeof ImportQuery>;

/**
 * Downloads asked for from the admin: the media upload limits, and only the private addresses
 * the operator allowed for every outgoing request (DEHO_OUTBOUND_ALLOW); the CLI's
 * `--fetch-private` has no counterpart here, so an admin cannot make the server reach its LAN.
 */
function fetchOptions(
  ctx: AppContext,
  query: ImportQuery,
  onProgress?: FetchOptions['onProgress'],
): FetchOptions | undefined {
  if (query.fetch_attachments !== true) return undefined;
  return {
    limits: { maxBytes: ctx.config.uploadMaxBytes, maxPixels: ctx.config.uploadMaxPixels },
    allow: ctx.config.outboundAllow,
    ...(onProgress !== undefined && { onProgress }),
  };
}

export function importAdminRoutes(app: App, ctx: AppContext, store: MediaStore): void {
  void app.register(async (area: App) => {
    // The WXR is streamed to a file as it arrives, never held in memory.
    area.addContentTypeParser(['application/xml', 'text/xml'], (_request, payload, done) =>
      done(null, payload),
    );

    const schema = { querystring: ImportQuery };
    area.post('/imports/wordpress', { schema }, async (request, reply) => {
      requireCan(request, 'site.import');
      const { dir, file } = await receiveExport(request.body, ctx.config.dataDir);
      try {
        const report = await importWordpress(ctx.db, ctx.clock, {
          file,
          dataDir: ctx.config.dataDir,
          store,
          fetch: fetchOptions(ctx, request.query),
        });
        return reply.code(200).send({ import: { ...report, file: 'upload' } });
      } finally {
        // Batches committed before a failure are on the site too, and the site may have taken
        // the blog's title and description.
        invalidateRedirects();
        await app.refreshSite();
        ctx.pages.invalidate(['site']);
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    area.post('/imports/wordpress/progress', { schema }, async (request, reply) => {
      requireCan(request, 'site.import');
      const { dir, file, bytes } = await receiveExport(request.body, ctx.config.dataDir);
      const lines = new PassThrough();
      const write = (line: ImportProgressLine) => lines.write(`${JSON.stringify(line)}\n`);
      write({ type: 'uploaded', bytes });
      // A line each time another percent of the file has been read, or another 50 items.
      let lastPercent = -1;
      let lastItems = -1;
      void importWordpress(ctx.db, ctx.clock, {
        file,
        dataDir: ctx.config.dataDir,
        store,
        // A line for each file: downloads come before the export is read.
        fetch: fetchOptions(ctx, request.query, ({ done, total }) =>
          write({ type: 'downloads', done, total }),
        ),
        onProgress: ({ bytesRead, totalBytes, items }) => {
          const percent = Math.floor((bytesRead / Math.max(1, totalBytes)) * 100);
          if (percent === lastPercent && items - lastItems < 50) return;
          lastPercent = percent;
          lastItems = items;
          write({ type: 'progress', bytes_read: bytesRead, total_bytes: totalBytes, items });
        },
      })
        .then((report) => {
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
              message: known
                ? error.message
                : 'The import stopped. What was imported before the failure is kept; upload the export again to continue.',
            },
          });
        })
        .finally(async () => {
          // Batches committed before a failure are on the site too, and the site may have taken
          // the blog's title and description.
          invalidateRedirects();
          await app.refreshSite().catch((error: unknown) => {
            request.log.error({ err: error }, 'reloading the site settings after an import failed');
          });
          ctx.pages.invalidate(['site']);
          fs.rmSync(dir, { recursive: true, force: true });
          lines.end();
        });
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('cache-control', 'no-store')
        .header('x-content-type-options', 'nosniff')
        .send(lines);
    });

    area.get('/export', async (request, reply) => {
      requireCan(request, 'site.export');
      const dir = scratchDir(ctx.config.dataDir);
      try {
        await exportSite(ctx.db, ctx.dialect, ctx.config.dataDir, dir, { copyMedia: false, store });
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

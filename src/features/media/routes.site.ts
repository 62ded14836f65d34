import fs from 'node:fs';
import path from 'node:path';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { sendStoredFile } from './media.serve.js';
import { isSafeKey, libraryFolder, type MediaStore } from './media.store.js';

/*
 * The library's files: /media/<id>/<width>.<avif|webp|jpg>. A file never changes once written
 * (a new upload gets a new id), so it is cached for a year as immutable. Other /media/ paths
 * (imports, the demo) are static files on disk; with another store (DEHO_MEDIA_STORAGE) the
 * imported ones are served from it here, for seven days as the static files are.
 */

const Params = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,10}$' }),
  width: Type.String({ pattern: '^[0-9]{1,5}$' }),
  ext: Type.Union([Type.Literal('avif'), Type.Literal('webp'), Type.Literal('jpg')]),
});

const AnyPath = Type.Object({ '*': Type.String({ maxLength: 1024 }) });

const IMMUTABLE = 'public, max-age=31536000, immutable';
const SEVEN_DAYS = 'public, max-age=604800';

export function mediaSiteRoutes(app: App, _ctx: AppContext, store: MediaStore): void {
  app.get(
    '/media/:id(^\\d{1,10}$)/:width(^\\d{1,5}).:ext(^(?:avif|webp|jpg)$)',
    { schema: { params: Params } },
    async (request, reply) => {
      const { id, width, ext } = request.params;
      const key = `${libraryFolder(Number(id))}${Number(width)}.${ext}`;
      return sendStoredFile(request, reply, store, key, IMMUTABLE);
    },
  );

  // On disk, app.ts serves the data folder's other files statically.
  if (store.kind === 'disk') return;
  app.get('/media/*', { schema: { params: AnyPath } }, async (request, reply) => {
    const key = request.params['*'];
    if (!isSafeKey(key)) throw new NotFound('There is no such file.');
    return sendStoredFile(request, reply, store, key, SEVEN_DAYS);
  });
}

/**
 * What the static file server serves under /media/: on disk, the data folder's media (uploads
 * and imports; the folder must exist before the server is told to serve it) and then the
 * program's own; with another store, which answers for the rest itself, only the demo images.
 * @param programMedia the program's media folder (public/media)
 */
export function staticMediaFolders(
  store: MediaStore,
  dataDir: string,
  programMedia: string,
): { root: string | string[]; prefix: string } {
  if (store.kind !== 'disk')
    return { root: path.join(programMedia, 'demo'), prefix: '/media/demo/' };
  const uploads = path.join(dataDir, 'media');
  fs.mkdirSync(uploads, { recursive: true });
  return { root: [uploads, programMedia], prefix: '/media/' };
}

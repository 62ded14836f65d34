import fs from 'node:fs';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { NotFound } from '../../lib/errors.js';
import { renditionFile } from './media.files.js';
import { RENDITION_MIME, type Rendition } from './media.images.js';

/*
 * The library's files: /media/<id>/<width>.<avif|webp|jpg>. A file never changes once written
 * (a new upload gets a new id), so it is cached for a year as immutable. The type is exact and
 * nosniff is set, so no browser reads a file as anything but the image it is. Other /media/
 * paths (imports, the demo) fall through to the static files.
 */

const Params = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,10}$' }),
  width: Type.String({ pattern: '^[0-9]{1,5}$' }),
  ext: Type.Union([Type.Literal('avif'), Type.Literal('webp'), Type.Literal('jpg')]),
});

export function mediaSiteRoutes(app: App, ctx: AppContext): void {
  app.get(
    '/media/:id(^\\d{1,10}$)/:width(^\\d{1,5}).:ext(^(?:avif|webp|jpg)$)',
    { schema: { params: Params } },
    async (request, reply) => {
      const { id, width, ext } = request.params;
      const rendition: Rendition = ext;
      const file = renditionFile(ctx.config.dataDir, Number(id), Number(width), rendition);
      const stat = await fs.promises.stat(file).catch(() => undefined);
      if (stat === undefined || !stat.isFile()) throw new NotFound('There is no such image.');
      return reply
        .type(RENDITION_MIME[rendition])
        .header('content-length', stat.size)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .header('x-content-type-options', 'nosniff')
        .send(fs.createReadStream(file));
    },
  );
}

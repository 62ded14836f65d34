import multipart from '@fastify/multipart';
import type { FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { App, AppContext } from '../../context.js';
import { AppError } from '../../lib/errors.js';
import { requireCan } from '../auth/index.js';
import { toApiMedia } from './media.presenter.js';
import type { MediaStore } from './media.store.js';
import * as repo from './media.repository.js';
import {
  deleteMedia,
  getMedia,
  MAX_ALT_LENGTH,
  mediaPageTags,
  refuseUploadWhenBusy,
  updateMedia,
  uploadMedia,
  type NewUpload,
} from './media.service.js';
import { requestAbandoned } from '../../http/abandoned.js';

/*
 * Admin API: the media library. Uploads arrive as multipart/form-data (a "file" part and an
 * optional "alt" field): what a browser's FormData and a plain HTML form send, with the file's
 * name inside the body, and read by busboy with a hard size limit while it streams.
 */

const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });
const IdParams = Type.Object({ id: Id });
const ListQuery = Type.Object(
  {
    page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 24 })),
    /** Words in the file name or alt text. */
    q: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
const Unit = Type.Number({ minimum: 0, maximum: 1 });
const PatchBody = Type.Object(
  {
    media: Type.Object(
      {
        /** What the image shows, for people who cannot see it. */
        alt: Type.Optional(Type.String({ maxLength: MAX_ALT_LENGTH })),
        /** The subject's place, 0..1 from the left (x) and the top (y); null for the centre. */
        focal: Type.Optional(
          Type.Union([
            Type.Object({ x: Unit, y: Unit }, { additionalProperties: false }),
            Type.Null(),
          ]),
        ),
      },
      { additionalProperties: false, minProperties: 1 },
    ),
  },
  { additionalProperties: false },
);

const notMultipart = () =>
  new AppError(
    'unsupported_media_type',
    'Send the image as multipart/form-data with a part named "file".',
  );

const MULTIPART_ERRORS: Readonly<Record<string, (maxMb: number) => AppError>> = {
  FST_REQ_FILE_TOO_LARGE: (maxMb) =>
    new AppError('payload_too_large', `The file is larger than ${maxMb} MB, the upload limit.`),
  FST_FILES_LIMIT: () => new AppError('bad_request', 'Send one file per upload.'),
  FST_PARTS_LIMIT: () => new AppError('bad_request', 'The form has too many fields.'),
  FST_FIELDS_LIMIT: () => new AppError('bad_request', 'The form has too many fields.'),
  FST_INVALID_MULTIPART_CONTENT_TYPE: notMultipart,
  FST_MP_PREMATURE_CLOSE: () => new AppError('bad_request', 'The upload was cut off.'),
  FST_PROTO_VIOLATION: () => new AppError('bad_request', 'That field name is not allowed.'),
};

/** Reads the multipart body: one "file" part and an optional "alt" field. */
async function readUpload(request: FastifyRequest, maxBytes: number): Promise<NewUpload> {
  if (!request.isMultipart()) throw notMultipart();
  let file: { bytes: Buffer; filename: string } | undefined;
  let alt = '';
  try {
    const parts = request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 4, parts: 5, fieldSize: 8 * 1024 },
    });
    for await (const part of parts) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file') {
          part.file.resume();
          continue;
        }
        file = { bytes: await part.toBuffer(), filename: part.filename };
      } else if (part.fieldname === 'alt' && typeof part.value === 'string') {
        alt = part.value;
      }
    }
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : '';
    const mapped = MULTIPART_ERRORS[code];
    throw mapped === undefined ? error : mapped(Math.round(maxBytes / 1024 / 1024));
  }
  if (file === undefined || file.bytes.length === 0) {
    throw new AppError('bad_request', 'The form has no image: send it in a part named "file".');
  }
  return { ...file, alt };
}

export function mediaAdminRoutes(app: App, ctx: AppContext, store: MediaStore): void {
  const limits = { maxBytes: ctx.config.uploadMaxBytes, maxPixels: ctx.config.uploadMaxPixels };
  const present = async (id: number) => toApiMedia(await getMedia(ctx.db, id), ctx.config.baseUrl);

  // Multipart parsing only here: no other Admin API route takes it.
  void app.register(async (area: App) => {
    await area.register(multipart, { limits: { fileSize: limits.maxBytes } });
    // Raw image bodies (and any other type) get the same answer as JSON: which format to use.
    area.addContentTypeParser('*', (_request, _payload, done) => done(notMultipart()));
    area.post('/media', async (request, reply) => {
      const staff = requireCan(request, 'media.upload');
      // A full queue refuses before the body (up to the upload limit) is read into memory.
      refuseUploadWhenBusy();
      const upload = await readUpload(request, limits.maxBytes);
      const id = await uploadMedia(
        ctx.db,
        ctx.clock,
        { store, limits, staff, abandoned: requestAbandoned(reply) },
        upload,
      );
      return reply.code(201).send({ media: await present(id) });
    });
  });

  app.get('/media', { schema: { querystring: ListQuery } }, async (request) => {
    requireCan(request, 'media.upload');
    const { page = 1, limit = 24, q } = request.query;
    const filter = q === undefined ? {} : { q };
    const [rows, total] = await Promise.all([
      repo.listMedia(ctx.db, filter, { limit, offset: (page - 1) * limit }),
      repo.countMedia(ctx.db, filter),
    ]);
    return {
      media: rows.map((row) => toApiMedia(row, ctx.config.baseUrl)),
      meta: {
        pagination: { page, limit, pages: Math.max(1, Math.ceil(total / limit)), total },
      },
    };
  });

  app.get('/media/:id', { schema: { params: IdParams } }, async (request) => {
    requireCan(request, 'media.upload');
    return { media: await present(request.params.id) };
  });

  app.patch('/media/:id', { schema: { params: IdParams, body: PatchBody } }, async (request) => {
    const staff = requireCan(request, 'media.upload');
    const { id } = request.params;
    await updateMedia(ctx.db, staff, id, request.body.media);
    ctx.pages.invalidate(await mediaPageTags(ctx.db, id));
    return { media: await present(id) };
  });

  app.delete('/media/:id', { schema: { params: IdParams } }, async (request, reply) => {
    const staff = requireCan(request, 'media.upload');
    await deleteMedia(ctx.db, store, staff, request.params.id);
    // Any page may have shown it: bodies, feature images in lists, shows and people.
    ctx.pages.invalidate(['site']);
    return reply.code(204).send();
  });
}

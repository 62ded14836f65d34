import type Sharp from 'sharp';
import { AppError } from '../../lib/errors.js';
import { createWorkQueue } from '../../lib/work-queue.js';
import {
  containsMarkup,
  describeUnknown,
  FORMAT_MIME,
  sniffImage,
  type ImageFormat,
} from './media.sniff.js';

/*
 * Checking and rendering an uploaded image with sharp. The order matters: signature first (no
 * decoder sees anything else), then markup (polyglots), then the dimensions from the header
 * (a decompression bomb is refused before a single pixel is decoded), then decoding.
 *
 * The original bytes are never kept or served: every stored file is sharp's own encoding of
 * the decoded pixels, so nothing the uploader put in the file (EXIF GPS, comments, a payload
 * after the image data) survives, and no stored file can be anything but an image.
 */

/*
 * sharp (libvips) is loaded on the first upload, not at start: importing it took about 110 ms
 * and 18 MB of memory, and only staff uploading images need it.
 */
let sharpModule: Promise<typeof Sharp> | undefined;
function loadSharp(): Promise<typeof Sharp> {
  sharpModule ??= import('sharp').then((m) => {
    // Every upload is a new image, so libvips' operation cache (up to 50 MB) never hits; it
    // would only keep the last decodes' memory.
    m.default.cache(false);
    return m.default;
  });
  return sharpModule;
}

/** Uploads that may wait for their turn to be decoded; one more is refused with 503. */
export const IMAGE_QUEUE_WAITING = 4;

/*
 * One image decoded at a time in this process: a 36-megapixel PNG within the limit took 21 s
 * and 131 MB, so parallel uploads could exhaust memory. Each waiting upload holds its file
 * (at most DEHO_UPLOAD_MAX_MB), hence the short queue. libvips still uses its threads for the
 * one image (sharp.concurrency), so a single upload is as fast as before.
 */
export const imageWork = createWorkQueue({
  concurrency: 1,
  maxWaiting: IMAGE_QUEUE_WAITING,
  busyMessage: 'Other images are being processed right now. Upload this one again in a moment.',
});

/** Widths rendered for `srcset`; an image is never scaled up, so smaller ones get fewer. */
export const WIDTH_LADDER = [320, 640, 960, 1280, 1920] as const;
export const RENDITIONS = ['avif', 'webp', 'jpg'] as const;
const TOP_WIDTH = WIDTH_LADDER[WIDTH_LADDER.length - 1] ?? 1920;
const MAX_HEIGHT = 8192;
export type Rendition = (typeof RENDITIONS)[number];

export const RENDITION_MIME: Readonly<Record<Rendition, string>> = {
  avif: 'image/avif',
  webp: 'image/webp',
  jpg: 'image/jpeg',
};

export interface UploadLimits {
  maxBytes: number;
  maxPixels: number;
}

export interface RenderedImage {
  /** The detected type of the upload (what it is, not what it claimed to be). */
  sourceMime: string;
  /** Size of the largest rendition, after orientation. */
  width: number;
  height: number;
  widths: number[];
  files: { width: number; rendition: Rendition; data: Buffer }[];
}

class Refused extends AppError {
  override readonly name = 'UploadRefused';
}

const megapixels = (pixels: number) => `${Math.round(pixels / 100_000) / 10} megapixels`;

/** The widths to render for an image `width` pixels wide: the ladder below it, then its own (at most the top). */
export function widthsFor(width: number): number[] {
  const top = Math.min(width, TOP_WIDTH);
  const widths: number[] = WIDTH_LADDER.filter((w) => w < top);
  widths.push(top);
  return widths;
}

/**
 * Checks an upload without decoding its pixels.
 * @throws AppError unsupported_media_type (not an accepted image, or markup inside),
 *   payload_too_large (too many pixels)
 */
export async function inspectUpload(
  bytes: Buffer,
  limits: UploadLimits,
): Promise<{ format: ImageFormat; width: number; height: number }> {
  const format = sniffImage(bytes);
  if (format === undefined) {
    throw new Refused(
      'unsupported_media_type',
      `This file is ${describeUnknown(bytes)}. Upload a JPEG, PNG, WebP, AVIF or GIF image; the file's name and type do not matter, its contents do.`,
    );
  }
  if (containsMarkup(bytes)) {
    throw new Refused(
      'unsupported_media_type',
      'This image also contains HTML or SVG markup (a "polyglot" file), so it is refused. Export the picture again from an image editor.',
    );
  }
  const sharp = await loadSharp();
  let meta: Sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    throw new Refused(
      'unsupported_media_type',
      `This file starts like a ${format.toUpperCase()} image but could not be read; it may be damaged.`,
    );
  }
  if (meta.format !== (format === 'avif' ? 'heif' : format)) {
    throw new Refused(
      'unsupported_media_type',
      `This file starts like a ${format.toUpperCase()} image but is not one.`,
    );
  }
  const pixels = meta.width * (meta.pageHeight ?? meta.height);
  if (pixels > limits.maxPixels) {
    throw new Refused(
      'payload_too_large',
      `This image is ${meta.width} × ${meta.pageHeight ?? meta.height} pixels (${megapixels(pixels)}); the limit is ${megapixels(limits.maxPixels)}. Scale it down and upload it again.`,
    );
  }
  return { format, width: meta.autoOrient.width, height: meta.autoOrient.height };
}

/**
 * Decodes an upload once, in its turn on the image queue, and renders every width as AVIF,
 * WebP and JPEG, upright (EXIF orientation applied) and without metadata.
 * @throws AppError unsupported_media_type when the pixel data is broken, 413/415 as
 *   inspectUpload, unavailable (503) when the queue is full
 */
export function renderUpload(
  bytes: Buffer,
  limits: UploadLimits,
  abandoned?: AbortSignal,
): Promise<RenderedImage> {
  return imageWork.run(() => decodeAndRender(bytes, limits), abandoned);
}

async function decodeAndRender(bytes: Buffer, limits: UploadLimits): Promise<RenderedImage> {
  const { format } = await inspectUpload(bytes, limits);
  const sharp = await loadSharp();
  try {
    // One decode, scaled to the largest size kept; every rendition is made from these pixels.
    // The height cap keeps very tall images within what WebP and AVIF can encode.
    const master = await sharp(bytes, { limitInputPixels: limits.maxPixels, failOn: 'error' })
      .autoOrient()
      .resize({ width: TOP_WIDTH, height: MAX_HEIGHT, fit: 'inside', withoutEnlargement: true })
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    const { width, height, channels } = master.info;
    const raw = { raw: { width, height, channels } } as const;
    const widths = widthsFor(width);
    const files: RenderedImage['files'] = [];
    for (const w of widths) {
      const scaled = () => sharp(master.data, raw).resize({ width: w });
      const [avif, webp, jpg] = await Promise.all([
        // Efforts measured on a shared 2-core machine: AVIF effort 2 took three times as long as
        // effort 1 for the same size; mozjpeg took 15 times as long as libjpeg's optimised coding.
        scaled().avif({ quality: 55, effort: 1 }).toBuffer(),
        scaled().webp({ quality: 78, effort: 4 }).toBuffer(),
        // JPEG has no transparency: transparent parts become white.
        scaled()
          .flatten({ background: '#ffffff' })
          .jpeg({ quality: 80, progressive: true, optimiseCoding: true })
          .toBuffer(),
      ]);
      files.push(
        { width: w, rendition: 'avif', data: avif },
        { width: w, rendition: 'webp', data: webp },
        { width: w, rendition: 'jpg', data: jpg },
      );
    }
    return { sourceMime: FORMAT_MIME[format], width, height, widths, files };
  } catch {
    throw new Refused(
      'unsupported_media_type',
      `The pixel data of this ${format.toUpperCase()} image is damaged, so it cannot be used.`,
    );
  }
}

import zlib from 'node:zlib';
import sharp from 'sharp';

/*
 * Image files for tests of features that take images (media uploads, the WordPress import's
 * downloads): real ones made by sharp, and hostile ones built byte by byte.
 */

export async function png(width: number, height: number): Promise<Buffer> {
  return sharp({
    create: { width, height, channels: 4, background: { r: 30, g: 90, b: 200, alpha: 0.5 } },
  })
    .png()
    .toBuffer();
}

export const HTML_PAGE = Buffer.from(
  '<!DOCTYPE html>\n<html><body><script>fetch("/api/admin/v1/users")</script></body></html>\n',
);

/** A real JPEG with a web page in a COM segment and another after the end of the image. */
export async function polyglotJpeg(): Promise<Buffer> {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  const html = Buffer.from('<html><script>alert(1)</script></html>');
  const com = Buffer.alloc(4);
  com.writeUInt16BE(0xfffe, 0);
  com.writeUInt16BE(html.length + 2, 2);
  // SOI, then the comment segment, then the rest of the real image, then the page again.
  return Buffer.concat([jpeg.subarray(0, 2), com, html, jpeg.subarray(2), html]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body), 0);
  return Buffer.concat([length, body, crc]);
}

/**
 * A decompression bomb: a valid PNG header claiming 50,000 × 50,000 pixels (2.5 gigapixels,
 * 7.5 GB decoded) with a few kilobytes of compressed zeros as its data.
 */
export function pngBomb(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(50_000, 0);
  ihdr.writeUInt32BE(50_000, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  const rows = zlib.deflateSync(Buffer.alloc(4 * 1024 * 1024), { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', rows),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import type { TestApp } from '../../../test/helpers/app.js';
export { HTML_PAGE, png, pngBomb, polyglotJpeg } from '../../../test/helpers/images.js';
import { createApiKey, createUser, type Role } from '../auth/index.js';

/*
 * Real files for the media tests: images made by sharp, hostile files built byte by byte, a
 * multipart body as a browser sends it, and staff to send it as.
 */

export const BASE = '/api/admin/v1';

/** A multipart/form-data body with an optional alt field and one file part. */
export function multipart(
  file: { name: string; type: string; bytes: Buffer } | undefined,
  fields: Record<string, string> = {},
  fileField = 'file',
): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----deho${crypto.randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  if (file !== undefined) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Gradients with a texture, so that every size is a real picture of some kilobytes. */
function picture(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const at = (y * width + x) * 3;
      data[at] = (x * 255) / width;
      data[at + 1] = (y * 255) / height;
      data[at + 2] = ((x >> 4) + (y >> 4)) % 2 === 0 ? 40 : 200;
    }
  }
  return data;
}

export const GPS_MARK = 'DEHO-GPS-DATUM';

/**
 * A real JPEG stored sideways (EXIF orientation 6: its pixels are `width` wide, it shows
 * `height` wide) with a camera name and GPS data in its EXIF.
 */
export async function jpegWithExif(width = 2400, height = 1600): Promise<Buffer> {
  return sharp(picture(width, height), { raw: { width, height, channels: 3 } })
    .withMetadata({ orientation: 6 })
    .withExif({
      IFD0: { Make: 'DehoTestCam' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '37/1 33/1 59/1', GPSMapDatum: GPS_MARK },
    })
    .jpeg({ quality: 85 })
    .toBuffer();
}

export const SVG_WITH_SCRIPT = Buffer.from(
  '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>\n',
);

/** Every file under the data folder's media library and scratch folders. */
export function storedFiles(dataDir: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else found.push(path.relative(dataDir, full));
    }
  };
  for (const dir of ['media/library', 'tmp']) {
    if (fs.existsSync(path.join(dataDir, dir))) walk(path.join(dataDir, dir));
  }
  return found.sort();
}

export type Who = Record<string, string>;

/** An owner signed in (cookie and CSRF token), and a key for each other role. */
export async function staffHeaders(t: TestApp): Promise<Record<Role, Who> & { writer: Who }> {
  const who: Partial<Record<Role | 'writer', Who>> = {};
  for (const role of ['admin', 'editor', 'author', 'contributor', 'moderator'] as const) {
    const { key } = await createApiKey(t.db, t.clock, { name: role, role });
    who[role] = { authorization: `Bearer ${key}` };
  }
  const signIn = async (email: string, role: Role, password: string) => {
    await createUser(t.db, t.clock, { email, name: email.split('@')[0] ?? '', role, password });
    const res = await t.app.inject({
      method: 'POST',
      url: `${BASE}/session`,
      payload: { email, password },
    });
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = res.json<{ session: { csrfToken: string } }>().session.csrfToken;
    return { cookie, 'x-csrf-token': csrf };
  };
  who.owner = await signIn('owner@example.com', 'owner', 'owner password 1');
  // A contributor with a session owns their uploads (keys own nothing).
  who.writer = await signIn('writer@example.com', 'contributor', 'writer password 1');
  return who as Record<Role, Who> & { writer: Who };
}

/*
 * What an upload is, decided from its bytes alone. The name and the Content-Type the browser
 * sent are the uploader's claims; the file signature is checked before any decoder sees the
 * bytes, so that formats with a wider attack surface (SVG, PDF, TIFF, which sharp could also
 * read) never reach one.
 */

export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif';

export const FORMAT_MIME: Readonly<Record<ImageFormat, string>> = {
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  avif: 'image/avif',
  gif: 'image/gif',
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, signature: readonly number[], at = 0): boolean {
  return signature.every((byte, i) => bytes[at + i] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return Buffer.from(bytes.subarray(from, to)).toString('latin1');
}

/** AVIF is an ISO-BMFF file whose ftyp box names an AVIF brand (HEIC and MP4 name others). */
function isAvif(bytes: Uint8Array): boolean {
  if (bytes.length < 16 || ascii(bytes, 4, 8) !== 'ftyp') return false;
  const boxSize = Buffer.from(bytes.subarray(0, 4)).readUInt32BE(0);
  const end = Math.min(boxSize, bytes.length, 256);
  const brands = [ascii(bytes, 8, 12)];
  for (let at = 16; at + 4 <= end; at += 4) brands.push(ascii(bytes, at, at + 4));
  return brands.some((brand) => brand === 'avif' || brand === 'avis');
}

/**
 * The image format the file's signature names.
 * @returns the format, or undefined when the bytes are not one of the accepted images
 */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(bytes, PNG_SIGNATURE)) return 'png';
  if (bytes.length >= 6 && /^GIF8[79]a$/.test(ascii(bytes, 0, 6))) return 'gif';
  if (bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP')
    return 'webp';
  if (isAvif(bytes)) return 'avif';
  return undefined;
}

/*
 * Tags that make a browser treat bytes as a document. Each needs a following space, ">" or "/"
 * (and <svg its namespace), so that the compressed pixels of a photo (close to random bytes)
 * match by chance less than once in 30,000 uploads of 20 MB; XMP metadata uses none of them.
 */
const MARKUP =
  /<(?:(?:script|html|body|head|iframe|object|embed|meta)[\s/>]|!doctype\s|svg\s[^>]{0,300}xmlns)/i;

/**
 * Whether the file carries HTML or SVG markup anywhere, as a polyglot (a valid image that is
 * also a web page) does in a comment segment or after its end.
 */
export function containsMarkup(bytes: Uint8Array): boolean {
  return MARKUP.test(
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
  );
}

/** A short description of what a refused file looks like, for the error message. */
export function describeUnknown(bytes: Uint8Array): string {
  const head = Buffer.from(bytes.subarray(0, 512)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg')))
    return 'an SVG drawing';
  if (head.startsWith('<')) return 'a text or HTML document';
  if (head.startsWith('%pdf')) return 'a PDF';
  if (ascii(bytes, 4, 8) === 'ftyp') return 'a HEIC photo or a video';
  return 'not an image this site accepts';
}

import { renditionPath } from './media.files.js';
import type { MediaImage } from './media.presenter.js';

/*
 * A media item on a reader page: <picture> with AVIF and WebP sources and a JPEG <img> that
 * carries the size (no layout shift), the alt text and lazy loading (eager for a page's hero). The focal point becomes
 * two classes (10 % steps) that site.css turns into object-position: the page's CSP allows no
 * inline style attributes.
 */

/** Classes that place a cropped image's focal point, e.g. "fx-30 fy-45". */
export function focalClasses(focal: MediaImage['focal']): string | undefined {
  if (focal === null) return undefined;
  const step = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10) * 10;
  return `fx-${step(focal.x)} fy-${step(focal.y)}`;
}

function srcset(image: MediaImage, rendition: 'avif' | 'webp' | 'jpg'): string {
  return image.widths.map((w) => `${renditionPath(image.id, w, rendition)} ${w}w`).join(', ');
}

/** The JPEG for browsers that ignore srcset: the largest rendition up to 960 pixels. */
function fallbackWidth(widths: readonly number[]): number {
  const fitting = widths.filter((w) => w <= 960);
  return fitting[fitting.length - 1] ?? widths[0] ?? 0;
}

export function Picture({
  image,
  alt,
  sizes,
  className,
  loading = 'lazy',
  fetchpriority,
}: {
  image: MediaImage;
  /** Overrides the library's alt text (an image can mean something else in another story). */
  alt?: string;
  /** How wide the image is shown, for the browser's choice of file. */
  sizes: string;
  className?: string;
  /** Eager for the page's largest image (its LCP element); lazy for everything below it. */
  loading?: 'lazy' | 'eager';
  fetchpriority?: 'high';
}) {
  const classes = [className, focalClasses(image.focal)].filter(Boolean).join(' ') || undefined;
  const text = alt !== undefined && alt.trim() !== '' ? alt : image.alt;
  const size = { width: image.width ?? undefined, height: image.height ?? undefined };
  if (image.widths.length === 0) {
    return (
      <img
        src={image.src}
        alt={text}
        {...size}
        class={classes}
        loading={loading}
        fetchpriority={fetchpriority}
        decoding="async"
      />
    );
  }
  return (
    <picture>
      <source type="image/avif" srcset={srcset(image, 'avif')} sizes={sizes} />
      <source type="image/webp" srcset={srcset(image, 'webp')} sizes={sizes} />
      <img
        src={renditionPath(image.id, fallbackWidth(image.widths), 'jpg')}
        srcset={srcset(image, 'jpg')}
        sizes={sizes}
        alt={text}
        {...size}
        class={classes}
        loading={loading}
        fetchpriority={fetchpriority}
        decoding="async"
      />
    </picture>
  );
}

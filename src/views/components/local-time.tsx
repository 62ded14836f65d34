import { formatInZone } from '../../lib/time.js';

export interface LocalTimeProps {
  /** ISO-8601 UTC instant. */
  instant: string;
  /** IANA zone of origin; the time is printed there, e.g. "Saturday 7 January 2023, 21:10 KST". */
  zone: string;
  /** Text shown before the origin time, inside the same element. */
  label?: string;
}

/**
 * An instant as wall-clock time in its zone of origin, in a machine-readable <time>. The
 * `local-time` island adds the same instant in the reader's own zone next to it (unless the
 * reader's clock reads the same, which it learns from `data-local-time-zone`); without
 * JavaScript the origin time stands alone and is still right.
 */
export function LocalTime({ instant, zone, label }: LocalTimeProps) {
  const stored = new Date(instant).toISOString().replace('.000Z', 'Z');
  return (
    <span class="local-time" data-local-time={stored} data-local-time-zone={zone}>
      <time dateTime={stored}>
        {label}
        {formatInZone(instant, zone)}
      </time>
      <span class="local-time__reader" data-local-time-reader hidden />
    </span>
  );
}

import { sql, type RawBuilder } from 'kysely';
import { DateTime } from 'luxon';
import { AppError, ValidationFailed } from '../../lib/errors.js';
import { isValidZone } from '../../lib/time.js';

/*
 * Small checks shared by the Admin API services of dramas and people. They throw AppErrors
 * whose sentence names the field and an example of a good value.
 */

/** The value, or a validation error saying that `property` is required. */
export function required<T>(value: T | undefined, property: string): T {
  if (value === undefined) throw new ValidationFailed(`${property} is required.`, property);
  return value;
}

/** A 404 about a referenced id, naming the field that carried it. */
export function unknownId(what: string, id: number | string, property?: string): AppError {
  return notFoundAt(`There is no ${what} with id ${id}.`, property);
}

/** A 404 with its own sentence, naming the field that carried the reference. */
export function notFoundAt(message: string, property?: string): AppError {
  return new AppError('not_found', message, property);
}

export function checkZone(zone: string, property = 'zone'): string {
  if (!isValidZone(zone)) {
    throw new ValidationFailed(
      `${property} must be an IANA time zone such as Asia/Seoul or Europe/Lisbon, not "${zone}".`,
      property,
    );
  }
  return zone;
}

const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date YYYY-MM-DD that exists (no 2023-02-30). */
export function checkDate(value: string, property: string): string {
  if (!DATE_PATTERN.test(value) || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
    throw new ValidationFailed(
      `${property} must be a date like 2022-06-18, not "${value}".`,
      property,
    );
  }
  return value;
}

const DATE_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * An ISO-8601 date-time as the stored UTC instant. With an offset (Z, +09:00) it is taken as
 * written; without one it is wall-clock time in `zone` ("2023-01-07T21:10" in Asia/Seoul).
 */
export function parseInstant(value: string, zone: string, property: string): string {
  const parsed = DATE_TIME_PATTERN.test(value) ? DateTime.fromISO(value, { zone }) : undefined;
  const stored = parsed?.isValid ? parsed.toUTC().toISO() : null;
  if (stored === null || stored === undefined) {
    throw new ValidationFailed(
      `${property} must be an ISO-8601 date and time such as 2023-01-07T21:10:00+09:00 (or 2023-01-07T21:10 in the zone), not "${value}".`,
      property,
    );
  }
  return stored;
}

/** Checks that `end` (when there is one) is not before `start`. */
export function checkOrder(start: string | null, end: string | null, property: string): void {
  if (start !== null && end !== null && end < start) {
    throw new ValidationFailed(`${property} must not be before the start.`, property);
  }
}

/** JSON text of a string list, trimmed and without empty or repeated entries. */
export function stringList(values: readonly string[]): string {
  return JSON.stringify([...new Set(values.map((v) => v.trim()).filter((v) => v !== ''))]);
}

/**
 * Case-insensitive "contains" conditions, one per column, for the admin lists' search box.
 * LIKE's wildcards in the text are escaped, so "50%" finds "50%" and not everything.
 */
export function containsText(columns: readonly string[], text: string): RawBuilder<boolean>[] {
  const pattern = `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return columns.map(
    (column) => sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`,
  );
}

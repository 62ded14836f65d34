/** Where "now" comes from; tests pass a fixed clock to see the site at a chosen moment. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The current instant as stored in the database: ISO-8601 UTC with milliseconds. */
export function nowIso(clock: Clock): string {
  return clock().toISOString();
}

/**
 * Waits until `condition` holds, asking again every few milliseconds: tests wait for what they
 * need, never for a fixed time that a busy machine may not meet. The test's own timeout bounds it.
 */
export async function until(condition: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

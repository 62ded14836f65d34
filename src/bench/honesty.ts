/*
 * The bench's checks on itself. A row is only worth printing if it measures the server: when the
 * load generator is the limit, giving it twice the capacity raises the figure. The ceiling row is
 * measured at the generator's capacity and at twice that; if the second is clearly higher, every
 * row of the run may be the generator's figure, and the run says so.
 */

/** How much higher the doubled generator may measure before the first figure is suspect. */
export const GENERATOR_TOLERANCE = 0.1;

export interface GeneratorCheck {
  /** req/s with the generator's capacity as used by the rows. */
  atCapacity: number;
  /** req/s with twice that capacity. */
  atDoubleCapacity: number;
  /** atDoubleCapacity / atCapacity. */
  ratio: number;
  /** True when doubling the generator raised the figure by more than the tolerance. */
  generatorBound: boolean;
  /** A line for the report: a warning when generator-bound. */
  message: string;
}

/** Compares the two measurements. */
export function judgeGenerator(
  atCapacity: number,
  atDoubleCapacity: number,
  tolerance = GENERATOR_TOLERANCE,
): GeneratorCheck {
  const ratio = atCapacity > 0 ? atDoubleCapacity / atCapacity : Infinity;
  const generatorBound = ratio > 1 + tolerance;
  const figures = `${atCapacity.toFixed(0)} req/s, and ${atDoubleCapacity.toFixed(0)} req/s with twice the generator`;
  return {
    atCapacity,
    atDoubleCapacity,
    ratio,
    generatorBound,
    message: generatorBound
      ? `WARNING: the load generator is the limit: the ceiling made ${figures} (×${ratio.toFixed(2)}); the rows below measure the generator, not the server.`
      : `Generator check passed: the ceiling made ${figures} (×${ratio.toFixed(2)}, within ${(tolerance * 100).toFixed(0)} %).`,
  };
}

/**
 * Measures a server at the generator capacity `capacity` and at twice that, and judges the pair.
 * @param measure runs one load with the given generator capacity and returns its req/s
 */
export async function checkGenerator(
  measure: (capacity: number) => Promise<number>,
  capacity: number,
  tolerance = GENERATOR_TOLERANCE,
): Promise<GeneratorCheck> {
  const atCapacity = await measure(capacity);
  const atDoubleCapacity = await measure(capacity * 2);
  return judgeGenerator(atCapacity, atDoubleCapacity, tolerance);
}

import { CompiledQuery, type Compilable } from 'kysely';
import type { DbOrTrx } from './database.js';

/*
 * Building a query with Kysely and compiling it to SQL took about a sixth of the CPU time of an
 * uncached article page, more than rendering it: every request rebuilt the same few trees of
 * frozen nodes and walked them again to print the same SQL text. A prepared query is built and
 * compiled once per dialect and shape, with placeholders where the values go; each call then
 * only puts its values into the parameter list. The SQL text is also the same string every time,
 * which makes the statement cache's lookup by text cheap.
 */

/** Where a value goes in the parameter list: an argument, or one element of an array argument. */
class Placeholder {
  constructor(
    readonly name: string,
    readonly index: number | undefined,
  ) {}
}

/** Plans kept per dialect and query. */
const MAX_SHAPES = 256;

type Slot = { constant: unknown } | Placeholder;

interface Plan {
  sql: string;
  query: CompiledQuery['query'];
  slots: Slot[];
}

/**
 * The shape of a call: which arguments are arrays, and how long. A query is compiled once per
 * shape (an `in` list of 3 values is other SQL than one of 4).
 */
function shapeOf(args: Readonly<Record<string, unknown>>): string {
  let shape = '';
  for (const [name, value] of Object.entries(args))
    if (Array.isArray(value)) shape += `${name}:${value.length};`;
  return shape;
}

function placeholdersFor<A extends Readonly<Record<string, unknown>>>(args: A): A {
  const placeholders: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(args)) {
    placeholders[name] = Array.isArray(value)
      ? value.map((_, index) => new Placeholder(name, index))
      : new Placeholder(name, undefined);
  }
  return placeholders as A;
}

function valueOf(slot: Slot, args: Readonly<Record<string, unknown>>): unknown {
  if (!(slot instanceof Placeholder)) return slot.constant;
  const value = args[slot.name];
  return slot.index === undefined ? value : (value as readonly unknown[])[slot.index];
}

/** Choices that change a query's SQL (a sort direction, an optional condition). */
export type Variant = Readonly<Record<string, string | number | boolean>>;

/**
 * A query built and compiled once per database dialect, argument shape and variant, then run
 * with each call's values.
 * @param build makes the query from its arguments. It receives placeholders, not values: it may
 *   pass them to Kysely (`where`, `limit`, `sql` templates) and read the length of an array
 *   argument, but must not branch on a value or compute with one; it may branch on the variant,
 *   which it receives as given.
 * @returns runs the query with the given arguments (and variant) and resolves to its rows
 */
export function preparedQuery<
  A extends Readonly<Record<string, unknown>>,
  Row,
  V extends Variant = Record<never, never>,
>(
  build: (db: DbOrTrx, args: A, variant: V) => Compilable<Row>,
): (db: DbOrTrx, args: A, variant?: V) => Promise<Row[]> {
  // The SQL text depends on the dialect only, so a transaction and every handle on the same
  // kind of database share the plans, keyed by the adapter's class. A handle with plugins
  // (tests record or count statements with one) has plans of its own: a plugin may rewrite the
  // query when it is compiled.
  const plans = new WeakMap<object, Map<string, Plan>>();
  return async (db, args, variant = {} as V) => {
    const executor = db.getExecutor();
    const key = executor.plugins.length === 0 ? executor.adapter.constructor : executor.plugins;
    let byShape = plans.get(key);
    if (byShape === undefined) plans.set(key, (byShape = new Map<string, Plan>()));
    const shape = shapeOf(args) + JSON.stringify(variant);
    let plan = byShape.get(shape);
    if (plan === undefined) {
      const compiled = build(db, placeholdersFor(args), variant).compile();
      plan = {
        sql: compiled.sql,
        query: compiled.query,
        slots: compiled.parameters.map((p) => (p instanceof Placeholder ? p : { constant: p })),
      };
      // Shapes are few (lists are short), but never let an unusual caller grow this without end.
      if (byShape.size < MAX_SHAPES) byShape.set(shape, plan);
    }
    const parameters = plan.slots.map((slot) => valueOf(slot, args));
    const result = await db.executeQuery<Row>({
      ...CompiledQuery.raw(plan.sql, parameters),
      query: plan.query,
    });
    return result.rows;
  };
}

/* Types of scripts/import-cycles.mjs, for the tests that check it. */
export type ImportGraph = Map<string, Set<string>>;
export function readImportGraph(dir: string): ImportGraph;
export function stronglyConnected(graph: ImportGraph): string[][];
export function cyclicEdges(graph: ImportGraph, root: string): string[];
export function checkImportCycles(options: { root: string; dir?: string; allowed?: string[] }): {
  newCycles: string[];
  staleAllowances: string[];
};

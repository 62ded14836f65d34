/*
 * Import-cycle check for src/ (run by `npm run lint`). No boundary tool is installed, and a cycle
 * check is a small graph walk, so this is one file over the TypeScript parser already here.
 *
 * It follows the imports that run: static `import … from` and `export … from` with a relative
 * specifier. `import type`/`export type` (and imports whose every name is a type) are erased by
 * the compiler, and a dynamic `import()` loads after its importer has finished, so neither can
 * leave a module half-initialised; both are skipped.
 *
 * The cycles that existed when the check was added are listed, edge by edge, in
 * scripts/import-cycles.allowed.json. An import that lies on a cycle fails unless its edge is on
 * that list; a listed edge that no longer lies on a cycle fails too, so the list only shrinks.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const SOURCE_FILE = /\.(ts|tsx|mts)$/;

function listSources(dir) {
  const files = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...listSources(full));
    else if (SOURCE_FILE.test(entry.name) && !entry.name.endsWith('.d.ts')) files.push(full);
  }
  return files;
}

/** `./x.js` names `./x.ts` or `./x.tsx` under NodeNext resolution. */
function resolveSpecifier(fromFile, specifier, known) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const stem = base.replace(/\.(js|jsx|mjs)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    path.join(base, 'index.ts'),
  ];
  return candidates.find((candidate) => known.has(candidate));
}

function isTypeOnlyImport(statement) {
  const clause = statement.importClause;
  if (clause === undefined) return false; // `import './x.js'` runs x
  if (clause.isTypeOnly) return true;
  if (clause.name !== undefined) return false;
  const bindings = clause.namedBindings;
  if (bindings === undefined || !ts.isNamedImports(bindings)) return false;
  return bindings.elements.length > 0 && bindings.elements.every((element) => element.isTypeOnly);
}

function isTypeOnlyExport(statement) {
  if (statement.isTypeOnly) return true;
  const clause = statement.exportClause;
  if (clause === undefined || !ts.isNamedExports(clause)) return false;
  return clause.elements.length > 0 && clause.elements.every((element) => element.isTypeOnly);
}

/** The runtime import graph of `dir`: file → files it imports (absolute paths). */
export function readImportGraph(dir) {
  const files = listSources(dir);
  const known = new Set(files);
  const graph = new Map();
  for (const file of files) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    const targets = new Set();
    for (const statement of source.statements) {
      let specifier;
      if (ts.isImportDeclaration(statement) && !isTypeOnlyImport(statement)) {
        specifier = statement.moduleSpecifier;
      } else if (
        ts.isExportDeclaration(statement) &&
        statement.moduleSpecifier !== undefined &&
        !isTypeOnlyExport(statement)
      ) {
        specifier = statement.moduleSpecifier;
      }
      if (specifier === undefined || !ts.isStringLiteral(specifier)) continue;
      if (!specifier.text.startsWith('.')) continue;
      const target = resolveSpecifier(file, specifier.text, known);
      if (target !== undefined) targets.add(target);
    }
    graph.set(file, targets);
  }
  return graph;
}

/** Strongly connected components (Tarjan): each one of more than one file is an import cycle. */
export function stronglyConnected(graph) {
  const index = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const components = [];
  let counter = 0;
  // Iterative, so a deep import chain cannot overflow the call stack.
  for (const root of graph.keys()) {
    if (index.has(root)) continue;
    const work = [{ node: root, edges: [...graph.get(root)], next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      if (frame.next < frame.edges.length) {
        const target = frame.edges[frame.next++];
        if (!index.has(target)) {
          index.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, edges: [...graph.get(target)], next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node), index.get(target)));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent), low.get(frame.node)));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const component = [];
        let member;
        do {
          member = stack.pop();
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        components.push(component);
      }
    }
  }
  return components;
}

/**
 * The imports that lie on a cycle, as "from -> to" with paths relative to `root`. An import
 * a → b lies on a cycle exactly when a and b are in the same component (or a imports itself).
 */
export function cyclicEdges(graph, root) {
  const componentOf = new Map();
  stronglyConnected(graph).forEach((component, id) => {
    for (const file of component) componentOf.set(file, id);
  });
  const relative = (file) => path.relative(root, file).split(path.sep).join('/');
  const edges = [];
  for (const [from, targets] of graph) {
    for (const to of targets) {
      if (componentOf.get(from) === componentOf.get(to)) {
        edges.push(`${relative(from)} -> ${relative(to)}`);
      }
    }
  }
  return edges.sort();
}

/**
 * Compares the cyclic imports under `root`/`dir` with the allowed list.
 * @returns the imports on a cycle that are not allowed, and the allowed ones no longer on a cycle
 */
export function checkImportCycles({ root, dir = 'src', allowed = [] }) {
  const edges = cyclicEdges(readImportGraph(path.join(root, dir)), root);
  const present = new Set(edges);
  const permitted = new Set(allowed);
  return {
    newCycles: edges.filter((edge) => !permitted.has(edge)),
    staleAllowances: allowed.filter((edge) => !present.has(edge)),
  };
}

function main() {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  if (process.argv.includes('--list')) {
    for (const edge of cyclicEdges(readImportGraph(path.join(root, 'src')), root)) {
      console.log(edge);
    }
    return;
  }
  const allowedFile = path.join(root, 'scripts', 'import-cycles.allowed.json');
  const allowed = JSON.parse(fs.readFileSync(allowedFile, 'utf8')).edges;
  const { newCycles, staleAllowances } = checkImportCycles({ root, allowed });
  for (const edge of newCycles) console.error(`import cycle: ${edge}`);
  for (const edge of staleAllowances) {
    console.error(`no longer on a cycle, remove from scripts/import-cycles.allowed.json: ${edge}`);
  }
  if (newCycles.length > 0 || staleAllowances.length > 0) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) main();

/*
 * ESLint rule `deho/feature-boundaries`: a file may reach into a feature folder
 * (src/features/<name>/) only through that feature's index.ts, unless it is inside that feature.
 * A specifier pattern (no-restricted-imports) cannot say this: `../media/video-url.js` is a deep
 * import from src/features/articles and a local one from src/features/media/sub/, so the rule
 * resolves each relative specifier against the importing file.
 */
import path from 'node:path';

const INDEX = /^index\.(js|ts|tsx)$/;

/** The feature a path lies in and its path inside that feature, or undefined outside features. */
function featureOf(featuresDir, file) {
  const relative = path.relative(featuresDir, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
  const [feature, ...rest] = relative.split(path.sep);
  return { feature, inside: rest.join('/') };
}

export const featureBoundaries = {
  meta: {
    type: 'problem',
    docs: { description: 'Import another feature only through its index.ts.' },
    schema: [
      {
        type: 'object',
        properties: { featuresDir: { type: 'string' } },
        additionalProperties: false,
      },
    ],
    messages: {
      deepImport:
        "Import the '{{feature}}' feature only through its index.ts (export what you need there), not '{{specifier}}'.",
    },
  },
  create(context) {
    const featuresDir = path.resolve(
      context.cwd,
      context.options[0]?.featuresDir ?? 'src/features',
    );
    const importer = featureOf(featuresDir, context.filename);
    const check = (source) => {
      if (source?.type !== 'Literal' || typeof source.value !== 'string') return;
      const specifier = source.value;
      if (!specifier.startsWith('.')) return;
      const target = featureOf(
        featuresDir,
        path.resolve(path.dirname(context.filename), specifier),
      );
      if (target === undefined || target.feature === importer?.feature) return;
      if (INDEX.test(target.inside)) return;
      context.report({
        node: source,
        messageId: 'deepImport',
        data: { feature: target.feature, specifier },
      });
    };
    return {
      ImportDeclaration: (node) => check(node.source),
      ExportNamedDeclaration: (node) => check(node.source),
      ExportAllDeclaration: (node) => check(node.source),
      ImportExpression: (node) => check(node.source),
    };
  },
};

export default { rules: { 'feature-boundaries': featureBoundaries } };

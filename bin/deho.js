#!/usr/bin/env node
// The `deho` command. The program itself is the bundle built by `npm run build`.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundle = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(fileURLToPath(bundle))) {
  process.stderr.write(
    'deho: the program is not built yet (dist/cli.js is missing). Run `npm run build` in ' +
      fileURLToPath(new URL('..', import.meta.url)) +
      ' first.\n',
  );
  process.exit(1);
}
const { main } = await import(bundle.href);
await main();

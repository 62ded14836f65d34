import fs from 'node:fs';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/sha';
import autocannon from 'autocannon';

/*
 * The comment posters' own process (dist/bench-posters.js), so that neither solving challenges nor
 * sending posts shares a core's event loop with the bench or the server:
 *
 *   solve IN OUT   solves the challenges in IN (JSON array) as the browser island does, and
 *                  writes the encoded `altcha` values to OUT
 *   post CONFIG    sends each prepared post once, CONFIG.connections at a time, and prints
 *                  {requests, seconds, p50, p99, non2xx, errors, accepted, refused} as JSON
 */

export interface PreparedPost {
  path: string;
  address: string;
  body: string;
}

export interface PostConfig {
  base: string;
  connections: number;
  posts: PreparedPost[];
}

export interface PostOutcome {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
  /** Indexes into `posts` answered with success, and refused. */
  accepted: number[];
  refused: number[];
  /** How many refusals had each HTTP status, so that a row can say what they were. */
  refusedByStatus: Record<string, number>;
}

async function solve(input: string, output: string): Promise<void> {
  const challenges = JSON.parse(fs.readFileSync(input, 'utf8')) as Challenge[];
  const solved: string[] = [];
  for (const challenge of challenges) {
    const solution = await solveChallenge({ challenge, deriveKey });
    if (solution === null) throw new Error('a challenge could not be solved');
    // As the island sends it: base64 of the JSON (src/client/comments.ts).
    solved.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
  }
  fs.writeFileSync(output, JSON.stringify(solved));
}

async function post(configFile: string): Promise<void> {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as PostConfig;
  let next = 0;
  const accepted: number[] = [];
  const refused: number[] = [];
  const refusedByStatus: Record<string, number> = {};
  const started = performance.now();
  const result = await autocannon({
    url: config.base,
    connections: config.connections,
    amount: config.posts.length,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          const index = next++;
          const prepared = config.posts[index % config.posts.length] as PreparedPost;
          context.index = index;
          return {
            ...request,
            method: 'POST',
            path: prepared.path,
            headers: { 'content-type': 'application/json', 'x-forwarded-for': prepared.address },
            body: prepared.body,
          };
        },
        onResponse: (status, _body, context) => {
          const index = Number(context.index);
          if (status >= 200 && status < 300) accepted.push(index);
          else {
            refused.push(index);
            refusedByStatus[status] = (refusedByStatus[status] ?? 0) + 1;
          }
        },
      },
    ],
  });
  const outcome: PostOutcome = {
    requests: result.requests.total,
    seconds: (performance.now() - started) / 1000,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    accepted,
    refused,
    refusedByStatus,
  };
  process.stdout.write(JSON.stringify(outcome));
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'solve' && args[0] !== undefined && args[1] !== undefined)
  await solve(args[0], args[1]);
else if (mode === 'post' && args[0] !== undefined) await post(args[0]);
else {
  process.stderr.write('usage: bench-posters solve IN OUT | post CONFIG\n');
  process.exit(2);
}

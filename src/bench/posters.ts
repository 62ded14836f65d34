import SQLite from 'better-sqlite3';
import autocannon, { type Result } from 'autocannon';

/*
 * The comments issue's concurrency run: many simultaneous posters, each from its own address
 * (X-Forwarded-For with DEHO_TRUST_PROXY=1, so the spam defences apply per poster), then a check
 * in the database that every post answered with success is stored exactly once and that no
 * refused post left a row.
 */

export interface PostersOutcome {
  result: Result;
  accepted: number;
  /** Accepted posts missing from the database (must be 0). */
  lost: number;
  /** Accepted posts stored more than once (must be 0). */
  doubled: number;
  /** Refused posts that left a row anyway (must be 0). */
  leaked: number;
}

const NAME_PREFIX = 'Poster ';

export async function runPosters(options: {
  base: string;
  articleId: number;
  connections: number;
  seconds: number;
}): Promise<{ result: Result; accepted: Set<number>; refused: Set<number> }> {
  let counter = 0;
  const accepted = new Set<number>();
  const refused = new Set<number>();
  const result = await autocannon({
    url: options.base,
    connections: options.connections,
    duration: options.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (request, context) => {
          counter += 1;
          context.poster = counter;
          return {
            ...request,
            method: 'POST',
            path: `/api/content/v1/articles/${options.articleId}/comments`,
            headers: {
              'content-type': 'application/json',
              'x-forwarded-for': `10.${(counter >> 16) & 255}.${(counter >> 8) & 255}.${counter & 255}`,
            },
            body: JSON.stringify({
              name: `${NAME_PREFIX}${counter}`,
              comment: `Comment number ${counter} from the benchmark.`,
            }),
          };
        },
        onResponse: (status, _body, context) => {
          const poster = Number(context.poster);
          if (status >= 200 && status < 300) accepted.add(poster);
          else refused.add(poster);
        },
      },
    ],
  });
  return { result, accepted, refused };
}

/** Compares the answers with the rows, after the server has stopped. */
export function checkPosters(
  sqlitePath: string,
  run: { result: Result; accepted: Set<number>; refused: Set<number> },
): PostersOutcome {
  const db = new SQLite(sqlitePath, { readonly: true });
  try {
    const rows = db
      .prepare(
        `select author_name as name, count(*) as n from comments where author_name like ? group by author_name`,
      )
      .all(`${NAME_PREFIX}%`) as { name: string; n: number }[];
    const stored = new Map(rows.map((r) => [Number(r.name.slice(NAME_PREFIX.length)), r.n]));
    let lost = 0;
    let doubled = 0;
    let leaked = 0;
    for (const poster of run.accepted) {
      const n = stored.get(poster) ?? 0;
      if (n === 0) lost += 1;
      if (n > 1) doubled += 1;
    }
    for (const poster of run.refused) if ((stored.get(poster) ?? 0) > 0) leaked += 1;
    return { result: run.result, accepted: run.accepted.size, lost, doubled, leaked };
  } finally {
    db.close();
  }
}

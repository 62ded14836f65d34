// The replies of an article page's threads on SQLite, 1,000,000 comments in memory: one query a
// level (the loop before 2026-12-08) against the one recursive statement the comments feature
// sends now (comment.repository.ts, listRepliesOf). Figures in docs/benchmarks.md.
//
//   node scripts/bench-comment-replies.mjs
import Database from 'better-sqlite3';

const db = new Database(':memory:');
db.exec(`create table comments(id integer primary key, article_id int not null, parent_id int references comments(id), depth int not null default 0,
  author_name text not null, author_url text, user_id int, body text not null, status text not null, edit_token_hash text,
  created_at text not null, updated_at text not null, edited_at text);
create index comments_parent_id on comments(parent_id);
create index comments_article_created on comments(article_id, created_at);
create index comments_status_created on comments(status, created_at);
create index comments_replies on comments(parent_id, created_at, id) where parent_id is not null;`);
const COLS =
  'id, article_id, parent_id, depth, author_name, author_url, user_id, body, status, edit_token_hash, created_at, updated_at, edited_at';
const ins = db.prepare(
  `insert into comments(article_id, parent_id, depth, author_name, body, status, created_at, updated_at) values (?,?,?,?,?,?,?,?)`,
);
let t0 = Date.now();
const body = 'x'.repeat(200);
db.transaction(() => {
  // 10,000 articles x 100 comments: 50 threads, 30 replies, 20 replies to replies.
  for (let a = 1; a <= 10_000; a++) {
    const threads = [];
    for (let i = 0; i < 50; i++)
      threads.push(
        Number(
          ins.run(
            a,
            null,
            0,
            'r',
            body,
            'approved',
            `2026-01-01T00:${String(i).padStart(2, '0')}`,
            'x',
          ).lastInsertRowid,
        ),
      );
    const replies = [];
    for (let i = 0; i < 30; i++)
      replies.push(
        Number(
          ins.run(
            a,
            threads[i],
            1,
            'r',
            body,
            'approved',
            `2026-01-02T00:${String(i).padStart(2, '0')}`,
            'x',
          ).lastInsertRowid,
        ),
      );
    for (let i = 0; i < 20; i++)
      ins.run(
        a,
        replies[i],
        2,
        'r',
        body,
        'approved',
        `2026-01-03T00:${String(i).padStart(2, '0')}`,
        'x',
      );
  }
  // Article 10,001: 50 threads, the first answered 40 levels deep.
  const threads = [];
  for (let i = 0; i < 50; i++)
    threads.push(
      Number(
        ins.run(
          10_001,
          null,
          0,
          'r',
          body,
          'approved',
          `2026-01-01T00:${String(i).padStart(2, '0')}`,
          'x',
        ).lastInsertRowid,
      ),
    );
  let p = threads[0];
  for (let d = 1; d <= 40; d++)
    p = Number(
      ins.run(10_001, p, d, 'r', body, 'approved', `2026-01-04T${String(d).padStart(2, '0')}`, 'x')
        .lastInsertRowid,
    );
})();
console.log(
  `rows ${db.prepare('select count(*) n from comments').get().n} built in ${Date.now() - t0} ms`,
);
const starts = (a) =>
  db
    .prepare(
      'select id from comments where article_id = ? and parent_id is null order by created_at, id limit 51',
    )
    .all(a)
    .slice(0, 50)
    .map((r) => r.id);
const level = (n) =>
  db.prepare(
    `select ${COLS} from comments where parent_id in (${Array(n).fill('?').join(',')}) order by created_at, id`,
  );
const rec = (n) =>
  db.prepare(
    `with recursive thread(${COLS}) as (select ${COLS} from comments where parent_id in (${Array(n).fill('?').join(',')}) union all select ${COLS.split(
      ', ',
    )
      .map((c) => 'reply.' + c)
      .join(
        ', ',
      )} from comments as reply inner join thread on thread.id = reply.parent_id) select ${COLS} from thread order by created_at, id`,
  );
function perLevel(ids, maxLevels) {
  let parents = ids,
    all = [],
    q = 0;
  for (let l = 1; l <= maxLevels && parents.length; l++) {
    const rows = level(parents.length).all(...parents);
    q++;
    all.push(...rows);
    parents = rows.map((r) => r.id);
  }
  return { rows: all.length, q };
}
function recursive(ids) {
  return { rows: rec(ids.length).all(...ids).length, q: 1 };
}
const normal = starts(5000),
  deep = starts(10_001);
const cases = {
  'typical article (50 threads, 30 replies, 20 replies to them): old loop, 2 levels': () =>
    perLevel(normal, 2),
  'typical article: recursive statement': () => recursive(normal),
  'a 40-level thread among 50: one query a level': () => perLevel(deep, 100),
  'a 40-level thread among 50: recursive statement': () => recursive(deep),
};
const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
for (const fn of Object.values(cases)) for (let i = 0; i < 300; i++) fn();
for (let round = 0; round < 9; round++) {
  for (const [k, fn] of Object.entries(cases)) {
    const t = process.hrtime.bigint();
    for (let i = 0; i < 500; i++) fn();
    samples[k].push(Number(process.hrtime.bigint() - t) / 500 / 1000);
  }
}
for (const [k, v] of Object.entries(samples)) {
  v.sort((a, b) => a - b);
  console.log(
    `${k}: median ${v[4].toFixed(0)} µs (min ${v[0].toFixed(0)}, max ${v[8].toFixed(0)}), ${cases[k]().q} statement(s)`,
  );
}

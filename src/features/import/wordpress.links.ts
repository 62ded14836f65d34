import type { DbOrTrx } from '../../db/database.js';
import { applyMention, spanLists, type Block } from '../articles/index.js';
import { AUTO_CONFIDENCE, currentLinker, type Linker, type Mention } from '../names/index.js';

/*
 * Entity links for imported articles. The names feature's linker finds the shows, people,
 * characters, groups and events a text mentions. By default nothing is applied: editors see the
 * suggestions in the editor. With --link, the confident ones (one entity, confidence at least
 * AUTO_CONFIDENCE) become mentions in the text and links of the article (source 'linker').
 */

export interface LinkOutcome {
  /** Mentions found in the imported articles. */
  suggested: number;
  /** Mentions applied (only with --link). */
  applied: number;
  articles: number;
}

/** Records that the article mentions the entity (source 'linker'); a link that exists stays. */
async function addLink(trx: DbOrTrx, articleId: number, m: Mention): Promise<void> {
  const base = { article_id: articleId, source: 'linker' as const };
  switch (m.type) {
    case 'show':
      await trx
        .insertInto('article_shows')
        .values({ ...base, show_id: m.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    case 'person':
      await trx
        .insertInto('article_people')
        .values({ ...base, person_id: m.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    case 'character':
      await trx
        .insertInto('article_characters')
        .values({ ...base, character_id: m.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    case 'group':
      await trx
        .insertInto('article_groups')
        .values({ ...base, group_id: m.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
    case 'event':
      await trx
        .insertInto('article_events')
        .values({ ...base, event_id: m.id })
        .onConflict((oc) => oc.doNothing())
        .execute();
      return;
  }
}

/** Mentions that can be applied without asking: alone at their range and confident. */
function confident(mentions: Mention[]): Mention[] {
  const byRange = new Map<string, Mention[]>();
  for (const m of mentions) {
    const key = `${m.start}:${m.end}`;
    byRange.set(key, [...(byRange.get(key) ?? []), m]);
  }
  return [...byRange.values()].flatMap((list) =>
    list.length === 1 && (list[0]?.confidence ?? 0) >= AUTO_CONFIDENCE ? list : [],
  );
}

async function linkOne(
  trx: DbOrTrx,
  linker: Linker,
  { id, body }: { id: number; body: string },
  apply: boolean,
): Promise<{ suggested: number; applied: number }> {
  const blocks = JSON.parse(body) as Block[];
  let suggested = 0;
  const applied: Mention[] = [];
  for (const spans of spanLists(blocks)) {
    const mentions = linker.detect(spans.map((s) => s.text).join(''));
    suggested += new Set(mentions.map((m) => `${m.start}:${m.end}`)).size;
    if (!apply) continue;
    for (const m of confident(mentions).sort((a, b) => b.start - a.start)) {
      if (applyMention(spans, m)) applied.push(m);
    }
  }
  if (applied.length > 0) {
    await trx
      .updateTable('articles')
      .set({ body: JSON.stringify(blocks) })
      .where('id', '=', id)
      .execute();
    for (const m of applied) await addLink(trx, id, m);
  }
  return { suggested, applied: applied.length };
}

/** Finds (and with `apply`, applies) entity mentions in the given articles (a few hundred at most). */
export async function linkImportedArticles(
  trx: DbOrTrx,
  ids: readonly number[],
  apply: boolean,
): Promise<LinkOutcome> {
  const outcome: LinkOutcome = { suggested: 0, applied: 0, articles: 0 };
  if (ids.length === 0) return outcome;
  const linker = await currentLinker(trx);
  if (linker.size === 0) return outcome;
  const articles = await trx
    .selectFrom('articles')
    .select(['id', 'body'])
    .where('id', 'in', ids)
    .orderBy('id')
    .execute();
  for (const article of articles) {
    const one = await linkOne(trx, linker, article, apply);
    outcome.suggested += one.suggested;
    outcome.applied += one.applied;
    if (one.suggested > 0) outcome.articles++;
  }
  return outcome;
}

import { sql, type Kysely } from 'kysely';
import { isPostgres } from './helpers.js';

/*
 * Every list of articles shows how many approved comments each has. Counting them per row made a
 * summary cost grow with the discussion: at 1,000,000 comments, where the newest stories carry
 * hundreds each, the twelve related-article summaries of one page took over a millisecond of
 * counting. The count is now kept on the article by triggers, so no code path (posting,
 * moderation, deletion, an import, a bulk SQL fix) can forget to update it.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('articles')
    .addColumn('comment_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await sql`update articles set comment_count = (
      select count(*) from comments
      where comments.article_id = articles.id and comments.status = 'approved')`.execute(db);

  if (isPostgres(db)) {
    await sql`create function comments_count_approved() returns trigger language plpgsql as $$
      begin
        if tg_op <> 'INSERT' then
          if old.status = 'approved' then
            update articles set comment_count = comment_count - 1 where id = old.article_id;
          end if;
        end if;
        if tg_op <> 'DELETE' then
          if new.status = 'approved' then
            update articles set comment_count = comment_count + 1 where id = new.article_id;
          end if;
        end if;
        return null;
      end $$`.execute(db);
    await sql`create trigger comments_count_approved
      after insert or delete or update of status, article_id on comments
      for each row execute function comments_count_approved()`.execute(db);
    return;
  }
  await sql`create trigger comments_count_insert after insert on comments
    when new.status = 'approved'
    begin
      update articles set comment_count = comment_count + 1 where id = new.article_id;
    end`.execute(db);
  await sql`create trigger comments_count_delete after delete on comments
    when old.status = 'approved'
    begin
      update articles set comment_count = comment_count - 1 where id = old.article_id;
    end`.execute(db);
  await sql`create trigger comments_count_update after update of status, article_id on comments
    when old.status = 'approved' or new.status = 'approved'
    begin
      update articles set comment_count = comment_count - 1
        where id = old.article_id and old.status = 'approved';
      update articles set comment_count = comment_count + 1
        where id = new.article_id and new.status = 'approved';
    end`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`drop trigger comments_count_approved on comments`.execute(db);
    await sql`drop function comments_count_approved()`.execute(db);
  } else {
    for (const name of ['comments_count_update', 'comments_count_delete', 'comments_count_insert'])
      await sql`drop trigger ${sql.raw(name)}`.execute(db);
  }
  await db.schema.alterTable('articles').dropColumn('comment_count').execute();
}

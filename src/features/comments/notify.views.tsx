/*
 * The unsubscribe pages. Opening the link shows a button: a GET never unsubscribes, because
 * mail scanners open every link in a mail. The button POSTs to the same URL, as a mail client's
 * one-click unsubscribe does (RFC 8058).
 */
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { UNSUBSCRIBE_PATH } from './notify.js';

/** "Stop these mails?" with a button that POSTs the token. */
function UnsubscribeConfirm({ token }: { token: string }) {
  return (
    <section class="unsubscribe">
      <h1>Stop reply notifications?</h1>
      <p>
        This address will get no more mails about replies to comments on this site, including
        comments you post later.
      </p>
      <form method="post" action={`${UNSUBSCRIBE_PATH}?token=${encodeURIComponent(token)}`}>
        <button type="submit">Unsubscribe</button>
      </form>
    </section>
  );
}

/** The answer after an unsubscribe (also the body sent back to a one-click POST). */
function UnsubscribeDone() {
  return (
    <section class="unsubscribe">
      <h1>You are unsubscribed</h1>
      <p>This address will get no more mails about replies to comments on this site.</p>
      <p>
        <a href="/">Back to the news</a>
      </p>
    </section>
  );
}

/** The whole page: the confirm button for `token`, or the answer once `done`. */
export function UnsubscribePage(props: { site: SiteInfo; token: string; done: boolean }) {
  return (
    <Layout
      site={props.site}
      title={props.done ? 'Unsubscribed' : 'Unsubscribe'}
      head={<meta name="robots" content="noindex" />}
    >
      {props.done ? <UnsubscribeDone /> : <UnsubscribeConfirm token={props.token} />}
    </Layout>
  );
}

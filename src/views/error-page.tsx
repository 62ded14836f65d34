import { Layout } from './layout.js';
import type { SiteInfo } from './site.js';

export interface ErrorPageProps {
  site: SiteInfo;
  status: number;
  heading: string;
  message: string;
}

/** The readable page for any error on an HTML route; never shows a stack trace. */
export function ErrorPage({ site, status, heading, message }: ErrorPageProps) {
  return (
    <Layout site={site} title={heading}>
      <section class="error-page" aria-labelledby="error-heading">
        <p class="error-page__status">Error {status}</p>
        <h1 id="error-heading">{heading}</h1>
        <p>{message}</p>
        <form class="search-form" action="/search" method="get" role="search">
          <label for="error-search">Search the site</label>
          <input id="error-search" name="q" type="search" />
          <button type="submit">Search</button>
        </form>
        <p>
          <a href="/">Back to the front page</a> · <a href="/schedule">See what airs this week</a>
        </p>
      </section>
    </Layout>
  );
}

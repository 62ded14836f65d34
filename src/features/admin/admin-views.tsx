import { assetUrl } from '../../views/assets.js';

/** What the admin app starts with; the server fills it in, the client reads it from data- attributes. */
export interface AdminShellProps {
  siteTitle: string;
  /** Which screen the client shows first, e.g. "login", "articles", "setup". */
  page: string;
  /** The session's CSRF token, when signed in. */
  csrfToken?: string;
  /** The signed-in user (id, name, role), as JSON, when signed in. */
  user?: { id: number; name: string; role: string };
}

/**
 * The HTML shell of the admin app: its own layout (no reader chrome), one stylesheet and one
 * script. The script renders the screens over the Admin API; no inline script or style, so the
 * site's CSP holds here too.
 */
export function AdminShell(props: AdminShellProps) {
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex" />
        <title>{`Admin · ${props.siteTitle}`}</title>
        <link rel="stylesheet" href={assetUrl('admin.css')} />
        {/* The reader's typography, scoped to the editor's canvas (scripts/build.mjs). */}
        <link rel="stylesheet" href={assetUrl('editor.css')} />
        <link rel="icon" href={assetUrl('favicon.svg')} type="image/svg+xml" />
        <script type="module" src={assetUrl('admin.js')} />
      </head>
      <body>
        <div
          id="admin-app"
          data-page={props.page}
          data-site-title={props.siteTitle}
          data-csrf={props.csrfToken ?? ''}
          data-user={props.user === undefined ? '' : JSON.stringify(props.user)}
        >
          <main class="admin-boot">
            <h1>{props.siteTitle} admin</h1>
            <p>Loading…</p>
            <noscript>
              <p>The admin app needs JavaScript. The reader site works without it.</p>
            </noscript>
          </main>
        </div>
      </body>
    </html>
  );
}

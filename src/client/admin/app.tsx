import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { api, setCsrf } from './api.js';
import { ForgotScreen, LoginScreen, SetupScreen, TokenPasswordScreen } from './auth-screens.js';
import { EditorScreen } from './editor.js';
import { PeopleScreen, PersonEditorScreen } from './screens-people.js';
import { EventEditorScreen, GroupEditorScreen } from './screens-groups-events.js';
import { ShowEditorScreen, ShowsScreen } from './screens-shows.js';
import { AccountScreen } from './screens-account.js';
import { ApiKeysScreen, SettingsScreen, UsersScreen } from './screens-staff.js';
import { MediaScreen } from './screens-media.js';
import { ArticlesScreen } from './screens-articles.js';
import { COMMENTS_CHANGED, CommentsScreen } from './screens-comments.js';
import { ImportScreen } from './screens-import.js';
import { TagsScreen } from './screens-tags.js';
import { WebhooksScreen } from './screens-webhooks.js';
import { MAY, type Me } from './types.js';
import { Link } from './ui.js';

/* The admin app: reads its start state from the shell's data- attributes, then routes by path. */

function usePath(): string {
  const [path, setPath] = useState(location.pathname);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  return path;
}

function Screen({ me, path }: { me: Me; path: string }) {
  const parts = path.replace(/^\/admin\/?/, '').split('/');
  switch (parts[0] ?? '') {
    case '':
    case 'articles':
      if (parts[1] === 'new') return <EditorScreen me={me} id={undefined} />;
      if (parts[1] !== undefined && /^\d+$/.test(parts[1]))
        return <EditorScreen key={parts[1]} me={me} id={Number(parts[1])} />;
      return <ArticlesScreen me={me} />;
    case 'comments':
      return <CommentsScreen />;
    case 'tags':
      return MAY.dramas.includes(me.role) ? <TagsScreen /> : <h1>Not found</h1>;
    case 'webhooks':
      return MAY.manage.includes(me.role) ? <WebhooksScreen /> : <h1>Not found</h1>;
    case 'import':
      return MAY.manage.includes(me.role) ? <ImportScreen me={me} /> : <h1>Not found</h1>;
    case 'shows':
      if (!MAY.dramas.includes(me.role)) return <h1>Not found</h1>;
      if (parts[1] === 'new') return <ShowEditorScreen key="new" id={undefined} />;
      if (parts[1] !== undefined && /^\d+$/.test(parts[1]))
        return <ShowEditorScreen key={parts[1]} id={Number(parts[1])} />;
      return <ShowsScreen />;
    case 'people':
      if (!MAY.dramas.includes(me.role)) return <h1>Not found</h1>;
      if (parts[1] === 'new') return <PersonEditorScreen key="new" id={undefined} />;
      if (parts[1] !== undefined && /^\d+$/.test(parts[1]))
        return <PersonEditorScreen key={parts[1]} id={Number(parts[1])} />;
      return <PeopleScreen />;
    case 'groups':
    case 'events': {
      if (!MAY.dramas.includes(me.role)) return <h1>Not found</h1>;
      if (parts[1] === undefined || !/^\d+$/.test(parts[1])) return <h1>Not found</h1>;
      const id = Number(parts[1]);
      return parts[0] === 'groups' ? (
        <GroupEditorScreen key={id} id={id} />
      ) : (
        <EventEditorScreen key={id} id={id} />
      );
    }
    case 'users':
      return <UsersScreen me={me} />;
    case 'api-keys':
      return <ApiKeysScreen />;
    case 'settings':
      return <SettingsScreen />;
    case 'account':
      return <AccountScreen />;
    case 'media':
      return <MediaScreen me={me} />;
    default:
      return <h1>Not found</h1>;
  }
}

/** How many comments wait for a moderator, counted again on each screen change and action. */
function usePendingComments(me: Me, path: string): number | undefined {
  const [pending, setPending] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!MAY.moderate.includes(me.role)) return;
    const count = () =>
      void api<{ counts: { pending: number } }>('GET', '/comments/counts')
        .then((d) => setPending(d.counts.pending))
        .catch(() => setPending(undefined));
    count();
    addEventListener(COMMENTS_CHANGED, count);
    return () => removeEventListener(COMMENTS_CHANGED, count);
  }, [me.role, path]);
  return pending;
}

function Shell({ me, siteTitle }: { me: Me; siteTitle: string }) {
  const path = usePath();
  const pending = usePendingComments(me, path);
  const nav: [string, string, boolean][] = [
    ['/admin/articles', 'Articles', MAY.write.includes(me.role)],
    ['/admin/comments', 'Comments', MAY.moderate.includes(me.role)],
    ['/admin/media', 'Media', MAY.write.includes(me.role)],
    ['/admin/tags', 'Tags', MAY.dramas.includes(me.role)],
    ['/admin/shows', 'Shows', MAY.dramas.includes(me.role)],
    ['/admin/people', 'People', MAY.dramas.includes(me.role)],
    ['/admin/users', 'Staff', true],
    ['/admin/api-keys', 'API keys', MAY.manage.includes(me.role)],
    ['/admin/webhooks', 'Webhooks', MAY.manage.includes(me.role)],
    ['/admin/import', 'Import and export', MAY.manage.includes(me.role)],
    ['/admin/settings', 'Settings', MAY.manage.includes(me.role)],
    ['/admin/account', 'Account', true],
  ];
  useEffect(() => {
    document.querySelector<HTMLElement>('#main h1')?.focus();
  }, [path]);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="admin-header">
        <a class="admin-brand" href="/" title="View the site">
          {siteTitle}
        </a>
        <nav aria-label="Admin">
          <ul>
            {nav
              .filter(([, , shown]) => shown)
              .map(([href, label]) => (
                <li key={href}>
                  <Link href={href} class={path.startsWith(href) ? 'is-active' : undefined}>
                    {label}
                    {href === '/admin/comments' && pending !== undefined && pending > 0 && (
                      <>
                        {' '}
                        <span class="nav-count" data-testid="pending-count">
                          {pending}
                        </span>
                        <span class="visually-hidden"> waiting</span>
                      </>
                    )}
                  </Link>
                </li>
              ))}
          </ul>
        </nav>
        <span class="admin-me">
          {me.name} ({me.role})
        </span>
        <button
          type="button"
          class="link"
          onClick={() =>
            void api('DELETE', '/session').finally(() => location.assign('/admin/login'))
          }
        >
          Log out
        </button>
      </header>
      <main id="main" class="admin-main" tabIndex={-1}>
        <Screen me={me} path={path} />
      </main>
    </>
  );
}

/** Mounts the app into #admin-app. */
export function start(): void {
  const root = document.getElementById('admin-app');
  if (root === null) return;
  const page = root.dataset.page ?? 'login';
  const siteTitle = root.dataset.siteTitle ?? 'Deho';
  setCsrf(root.dataset.csrf ?? '');
  const userJson = root.dataset.user ?? '';
  root.textContent = '';
  if (userJson === '') {
    const screens: Record<string, preact.JSX.Element> = {
      setup: <SetupScreen />,
      'forgot-password': <ForgotScreen />,
      'accept-invite': <TokenPasswordScreen kind="invite" />,
      'reset-password': <TokenPasswordScreen kind="reset" />,
    };
    render(screens[page] ?? <LoginScreen />, root);
    return;
  }
  render(<Shell me={JSON.parse(userJson) as Me} siteTitle={siteTitle} />, root);
}

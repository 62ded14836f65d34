import type { ComponentChildren } from 'preact';
import { collectionPageJsonLd } from '../../views/components/collection-jsonld.js';
import { JsonLd } from '../../views/components/json-ld.js';
import { ListPager, pageHref } from '../../views/components/pager.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import type { Pagination } from '../dramas/index.js';
import { membershipYears, ROLE_LABELS } from './person-views.js';
import type { GroupDetail, PersonSummary } from './person.model.js';

/* The people and groups indexes (/people, /groups): everyone by name, a page at a time. */

interface IndexFrame {
  site: SiteInfo;
  page: number;
  pagination: Pagination;
}

/** The layout, heading, JSON-LD and pager every index page shares. */
function IndexLayout({
  site,
  page,
  pagination,
  path,
  heading,
  description,
  items,
  empty,
  children,
}: IndexFrame & {
  path: string;
  heading: string;
  description: string;
  items: readonly { url: string; name: string }[];
  empty: string;
  children: ComponentChildren;
}) {
  const here = pageHref(path, page);
  return (
    <Layout
      site={site}
      title={page > 1 ? `${heading}, page ${page}` : heading}
      description={description}
      canonicalPath={here}
      head={
        <JsonLd
          data={collectionPageJsonLd({
            url: site.baseUrl + here,
            name: heading,
            description,
            items: items.map((item) => ({ url: site.baseUrl + item.url, name: item.name })),
            firstPosition: (page - 1) * pagination.limit + 1,
            total: pagination.total,
          })}
        />
      }
    >
      <h1>{heading}</h1>
      {items.length === 0 ? <p class="empty">{empty}</p> : <ul class="index-list">{children}</ul>}
      <ListPager path={path} page={page} pages={pagination.pages} />
    </Layout>
  );
}

function KoreanName({ name }: { name: string | null }) {
  if (!name) return null;
  return (
    <span lang="ko" class="ko">
      {' '}
      ({name})
    </span>
  );
}

/** /people — actors, idols, writers and directors by name. */
export function PeopleIndexPage({
  people,
  ...frame
}: IndexFrame & { people: readonly PersonSummary[] }) {
  return (
    <IndexLayout
      {...frame}
      path="/people"
      heading="People"
      description={`Actors, singers, writers and directors on ${frame.site.title}, by name.`}
      items={people.map((person) => ({ url: person.path, name: person.name }))}
      empty="No people yet."
    >
      {people.map((person) => (
        <li key={person.id} class="index-list__item">
          <h2 class="index-list__title">
            <a href={person.path}>{person.name}</a>
            <KoreanName name={person.nameKo} />
          </h2>
          {person.roles.length > 0 && (
            <p class="meta">{person.roles.map((role) => ROLE_LABELS[role] ?? role).join(' · ')}</p>
          )}
        </li>
      ))}
    </IndexLayout>
  );
}

/** "5 members" while the group is active; a disbanded group's years say enough. */
function memberCount(group: GroupDetail): string {
  if (group.disbandDate !== null) return '';
  const current = group.members.filter((member) => member.endDate === null).length;
  return current === 1 ? '1 member' : `${current} members`;
}

/** /groups — idol groups and other acts, by name. */
export function GroupsIndexPage({
  groups,
  ...frame
}: IndexFrame & { groups: readonly GroupDetail[] }) {
  return (
    <IndexLayout
      {...frame}
      path="/groups"
      heading="Groups"
      description={`Idol groups and bands on ${frame.site.title}, with their members, by name.`}
      items={groups.map((group) => ({ url: group.path, name: group.name }))}
      empty="No groups yet."
    >
      {groups.map((group) => {
        const years = membershipYears({ startDate: group.debutDate, endDate: group.disbandDate });
        return (
          <li key={group.id} class="index-list__item">
            <h2 class="index-list__title">
              <a href={group.path}>{group.name}</a>
              <KoreanName name={group.nameKo} />
            </h2>
            <p class="meta">{[years, memberCount(group)].filter((x) => x !== '').join(' · ')}</p>
          </li>
        );
      })}
    </IndexLayout>
  );
}

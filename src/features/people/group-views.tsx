import { JsonLd } from '../../views/components/json-ld.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import { ArticleList, type ArticleSummary } from '../articles/index.js';
import { groupJsonLd } from './people.jsonld.js';
import { membershipYears } from './person-views.js';
import type { GroupDetail } from './person.model.js';

export interface GroupPageProps {
  site: SiteInfo;
  group: GroupDetail;
  news: readonly ArticleSummary[];
}

function activeYears(group: GroupDetail): string {
  return membershipYears({ startDate: group.debutDate, endDate: group.disbandDate });
}

/** /groups/:slug — names, active years, members over time (current first) and news. */
export function GroupPage({ site, group, news }: GroupPageProps) {
  const aliases = group.aliases.filter((alias) => alias !== group.name);
  const current = group.members.filter((m) => m.endDate === null);
  const former = group.members.filter((m) => m.endDate !== null);
  const years = activeYears(group);
  return (
    <Layout
      site={site}
      title={group.name}
      description={group.description || `${group.name}: members over time and news.`}
      canonicalPath={group.path}
      head={<JsonLd data={groupJsonLd(group, site.baseUrl)} />}
    >
      <article class="group-page" aria-labelledby="group-name">
        <header class="person-header">
          <h1 id="group-name">
            {group.name}
            {group.nameKo && (
              <span lang="ko" class="person-ko">
                {' '}
                {group.nameKo}
              </span>
            )}
          </h1>
          {years && <p class="person-roles">Active {years}</p>}
          {aliases.length > 0 && <p class="person-aliases">Also known as {aliases.join(', ')}</p>}
          {group.description && <p class="person-bio">{group.description}</p>}
        </header>
        {group.members.length > 0 && (
          <section aria-labelledby="members">
            <h2 id="members">Members</h2>
            {[
              { title: 'Current members', list: current },
              { title: 'Former members', list: former },
            ]
              .filter((part) => part.list.length > 0)
              .map((part) => (
                <div key={part.title}>
                  {current.length > 0 && former.length > 0 && <h3>{part.title}</h3>}
                  <ul class="person-groups">
                    {part.list.map((m) => (
                      <li key={m.membershipId}>
                        <a href={m.person.path}>
                          <strong>{m.person.name}</strong>
                        </a>
                        {m.person.nameKo && <span lang="ko"> ({m.person.nameKo})</span>}
                        {m.role && <span> · {m.role}</span>}
                        <span class="person-groups__years"> · {membershipYears(m)}</span>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
          </section>
        )}
        <section aria-labelledby="news">
          <h2 id="news">News about {group.name}</h2>
          <ArticleList
            articles={news}
            zone={site.zone}
            headingLevel={3}
            empty={`No news about ${group.name} yet.`}
          />
        </section>
      </article>
    </Layout>
  );
}

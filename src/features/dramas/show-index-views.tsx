import { collectionPageJsonLd } from '../../views/components/collection-jsonld.js';
import { JsonLd } from '../../views/components/json-ld.js';
import { ListPager, pageHref, type ListParams } from '../../views/components/pager.js';
import { Layout } from '../../views/layout.js';
import type { SiteInfo } from '../../views/site.js';
import type { ShowIndex, ShowIndexEntry, ShowIndexStatus } from './show-index.service.js';

export interface ShowIndexPageProps {
  site: SiteInfo;
  index: ShowIndex;
  page: number;
}

const STATUS_LABELS: Readonly<Record<ShowIndexEntry['status'], string>> = {
  airing: 'Airing',
  upcoming: 'Upcoming',
  finished: 'Finished',
  unscheduled: 'No air dates yet',
};

const STATUS_FILTERS: readonly ShowIndexStatus[] = ['airing', 'upcoming', 'finished'];

type Filter = ShowIndex['filter'];

/** The query parameters of a filter, in a fixed order (one address per filter). */
export function filterParams(filter: Filter): ListParams {
  return [
    ...(filter.status !== undefined ? [['status', filter.status] as const] : []),
    ...(filter.network !== undefined ? [['network', filter.network.slug] as const] : []),
    ...(filter.year !== undefined ? [['year', String(filter.year)] as const] : []),
  ];
}

/** "Airing shows on tvN in 2023", or "Shows" without a filter. */
export function describeFilter(filter: Filter): string {
  const what = filter.status === undefined ? 'Shows' : `${STATUS_LABELS[filter.status]} shows`;
  return [
    what,
    filter.network !== undefined ? ` on ${filter.network.name}` : '',
    filter.year !== undefined ? ` in ${filter.year}` : '',
  ].join('');
}

/** One group of filter links: "All" and each choice, the current one marked. */
function FilterGroup({
  id,
  label,
  choices,
}: {
  id: string;
  label: string;
  choices: readonly { text: string; filter: Filter; current: boolean }[];
}) {
  return (
    <>
      <p class="label" id={id}>
        {label}
      </p>
      <ul class="chips" aria-labelledby={id}>
        {choices.map((choice) => (
          <li key={choice.text}>
            <a
              href={pageHref('/shows', 1, filterParams(choice.filter))}
              aria-current={choice.current ? 'true' : undefined}
            >
              {choice.text}
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}

function Filters({ index }: { index: ShowIndex }) {
  const { filter } = index;
  const without = <K extends keyof Filter>(key: K): Filter => {
    const rest = { ...filter };
    delete rest[key];
    return rest;
  };
  return (
    <nav class="index-filters" aria-label="Filter shows">
      <FilterGroup
        id="filter-status"
        label="Status"
        choices={[
          { text: 'All', filter: without('status'), current: filter.status === undefined },
          ...STATUS_FILTERS.map((status) => ({
            text: STATUS_LABELS[status],
            filter: { ...filter, status },
            current: filter.status === status,
          })),
        ]}
      />
      {index.networks.length > 0 && (
        <FilterGroup
          id="filter-network"
          label="Network"
          choices={[
            { text: 'All', filter: without('network'), current: filter.network === undefined },
            ...index.networks.map((network) => ({
              text: network.name,
              filter: { ...filter, network },
              current: filter.network?.slug === network.slug,
            })),
          ]}
        />
      )}
      {index.years.length > 0 && (
        <FilterGroup
          id="filter-year"
          label="Year"
          choices={[
            { text: 'All', filter: without('year'), current: filter.year === undefined },
            ...index.years.map((year) => ({
              text: String(year),
              filter: { ...filter, year },
              current: filter.year === year,
            })),
          ]}
        />
      )}
    </nav>
  );
}

function ShowItem({ show }: { show: ShowIndexEntry }) {
  const facts = [
    STATUS_LABELS[show.status],
    show.years,
    show.networks.map((network) => network.name).join(', '),
  ].filter((fact): fact is string => fact !== null && fact !== '');
  return (
    <li class="index-list__item">
      <h2 class="index-list__title">
        <a href={show.path}>{show.title}</a>
        {show.titleKo && (
          <span lang="ko" class="ko">
            {' '}
            ({show.titleKo})
          </span>
        )}
      </h2>
      <p class="meta">
        {facts.join(' · ')}
        {show.isFictional && ' · fictional'}
      </p>
    </li>
  );
}

/** /shows — every show by title, filtered by status, network and year with plain links. */
export function ShowIndexPage({ site, index, page }: ShowIndexPageProps) {
  const params = filterParams(index.filter);
  const heading = describeFilter(index.filter);
  const path = pageHref('/shows', page, params);
  const { limit, pages, total } = index.pagination;
  return (
    <Layout
      site={site}
      title={page > 1 ? `${heading}, page ${page}` : heading}
      description={`${heading} on ${site.title}: status, years and networks of each K-drama.`}
      canonicalPath={path}
      head={
        <JsonLd
          data={collectionPageJsonLd({
            url: site.baseUrl + path,
            name: heading,
            description: `${heading} on ${site.title}.`,
            items: index.shows.map((show) => ({ url: site.baseUrl + show.path, name: show.title })),
            firstPosition: (page - 1) * limit + 1,
            total,
          })}
        />
      }
    >
      <h1>{heading}</h1>
      <Filters index={index} />
      {index.shows.length === 0 ? (
        <p class="empty">
          No show matches these filters. <a href="/shows">See every show</a>.
        </p>
      ) : (
        <ul class="index-list">
          {index.shows.map((show) => (
            <ShowItem key={show.id} show={show} />
          ))}
        </ul>
      )}
      <ListPager path="/shows" page={page} pages={pages} params={params} />
    </Layout>
  );
}

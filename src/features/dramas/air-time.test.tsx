import { renderToString } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { AirTimeBlock, AiringThisWeek } from './air-time.js';
import type { EpisodeAirInfo } from './drama.model.js';

const EP9: EpisodeAirInfo = {
  id: 29,
  number: 9,
  kind: 'regular',
  title: null,
  airInstant: '2023-01-07T12:10:00.000Z',
  zone: 'Asia/Seoul',
  show: { id: 1, slug: 'alchemy-of-souls', title: 'Alchemy of Souls' },
  part: { number: 2, title: 'Part 2', subtitle: 'Light and Shadow' },
};

const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');

describe('AirTimeBlock', () => {
  it('says when the episode airs, in its origin zone, in a machine-readable <time>', () => {
    const html = renderToString(<AirTimeBlock episode={EP9} now="2023-01-02T00:00:00.000Z" />);
    expect(html).toContain('<time datetime="2023-01-07T12:10:00Z">');
    expect(text(html)).toContain(
      'Episode 9 of Alchemy of Souls, Part 2 airs Saturday 7 January 2023, 21:10 KST',
    );
    expect(html).toContain('href="/shows/alchemy-of-souls#part-2-episode-9"');
  });

  it('reads in the past tense once the episode has started', () => {
    const html = renderToString(<AirTimeBlock episode={EP9} now="2023-01-07T12:10:00.001Z" />);
    expect(text(html)).toContain('Part 2 aired Saturday 7 January 2023, 21:10 KST');
  });

  it('names a special by its title', () => {
    const special: EpisodeAirInfo = {
      ...EP9,
      number: null,
      kind: 'special',
      title: 'Cast special',
    };
    expect(
      text(renderToString(<AirTimeBlock episode={special} now="2020-01-01T00:00:00Z" />)),
    ).toContain('Special: Cast special of Alchemy of Souls');
  });
});

describe('AiringThisWeek', () => {
  it('lists episodes with links, local times and a link to the schedule', () => {
    const html = renderToString(<AiringThisWeek episodes={[EP9]} now="2023-01-02T00:00:00Z" />);
    expect(html).toContain('href="/shows/alchemy-of-souls#part-2-episode-9"');
    expect(html).toContain('<time datetime="2023-01-07T12:10:00Z">');
    expect(text(html)).toContain('Episode 9, Part 2 (Light and Shadow)');
    expect(html).toContain('href="/schedule"');
  });

  it('says so when nothing airs', () => {
    expect(
      text(renderToString(<AiringThisWeek episodes={[]} now="2023-01-02T00:00:00Z" />)),
    ).toContain('No episodes air in the next seven days.');
  });
});

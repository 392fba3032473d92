import { describe, expect, it } from 'vitest';
import type { RaceView } from '../../src/api/races-types.ts';
import { groupRaces, pastPage } from '../../src/components/race/race-groups.ts';

let n = 0;
function race(status: RaceView['status'], startDate: string | null, name = `Race ${++n}`): RaceView {
  return {
    id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`,
    name,
    description: '',
    location: '',
    timeZone: 'Europe/Paris',
    visibility: 'public',
    discipline: 'road',
    status,
    ownerId: '00000000-0000-4000-8000-000000000000',
    startDate,
    createdAt: '2024-01-01T00:00:00Z',
    updatedAt: '2024-01-01T00:00:00Z',
    statusChangedAt: '2024-01-01T00:00:00Z',
  };
}

describe('groupRaces', () => {
  it('puts live and neutralised races in live, published in upcoming, finished and official in past', () => {
    const live = race('live', '2024-07-01');
    const neutralised = race('neutralised', '2024-07-02');
    const published = race('published', '2024-08-01');
    const finished = race('finished', '2024-06-01');
    const official = race('official', '2024-05-01');
    const groups = groupRaces([
      live,
      neutralised,
      published,
      finished,
      official,
      race('draft', null),
      race('cancelled', null),
    ]);
    expect(groups.live.map((r) => r.id).sort()).toEqual([live.id, neutralised.id].sort());
    expect(groups.upcoming).toEqual([published]);
    expect(groups.past).toEqual([finished, official]);
  });

  it('orders upcoming soonest first and past newest first, undated races last, then by name', () => {
    const later = race('published', '2024-09-01');
    const sooner = race('published', '2024-08-01');
    const undated = race('published', null);
    expect(groupRaces([undated, later, sooner]).upcoming).toEqual([sooner, later, undated]);

    const old = race('finished', '2020-01-01');
    const recentB = race('official', '2023-01-01', 'B race');
    const recentA = race('finished', '2023-01-01', 'A race');
    const noDate = race('finished', null);
    expect(groupRaces([noDate, old, recentB, recentA]).past).toEqual([recentA, recentB, old, noDate]);
  });

  it('keeps one copy of a race listed twice', () => {
    const twice = race('live', '2024-07-01');
    expect(groupRaces([twice, { ...twice }]).live).toHaveLength(1);
  });
});

describe('past races pages', () => {
  it('keeps the API’s page in its order, with the page count from the API’s total', () => {
    const items = [race('finished', '2024-05-01'), race('official', '2024-04-01')];
    const page = pastPage({ items, total: 5 }, 2);
    expect(page.items).toEqual(items);
    expect(page.total).toBe(5);
    expect(page.pageCount).toBe(3);
  });

  it('pages past the 200 races one list could hold', () => {
    expect(pastPage({ items: [], total: 1000 }, 12).pageCount).toBe(84);
  });

  it('leaves out anything but finished and official races', () => {
    const finished = race('finished', '2024-05-01');
    expect(pastPage({ items: [race('live', null), finished], total: 2 }, 12).items).toEqual([finished]);
  });

  it('has one page when there is nothing', () => {
    expect(pastPage({ items: [], total: 0 }, 12)).toEqual({ items: [], total: 0, pageCount: 1 });
  });
});

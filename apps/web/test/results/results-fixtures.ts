/** A finished stage race as the API lists it, for the results page tests. */
export const RACE = {
  id: 'race-1',
  name: 'Tour Test',
  description: '',
  location: 'Dijon',
  timeZone: 'Europe/Paris',
  visibility: 'public',
  discipline: 'road',
  status: 'finished',
  ownerId: 'owner',
  startDate: '2024-07-01',
  createdAt: '2024-01-01T00:00:00Z',
  updatedAt: '2024-01-01T00:00:00Z',
  statusChangedAt: '2024-01-01T00:00:00Z',
};

/** Stage `number` of that race, scheduled on the `number`th of July. */
export const stage = (number: number, name: string) => ({
  id: `st-${number}`,
  raceId: 'race-1',
  number,
  name,
  scheduledStart: `2024-07-0${number}T10:00:00Z`,
  hasCourse: false,
});

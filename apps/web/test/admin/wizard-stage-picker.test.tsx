import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SessionProvider } from '../../src/app/session.tsx';
import { i18n } from '../../src/i18n/index.ts';
import WizardPage from '../../src/pages/admin/wizard/WizardPage.tsx';
import { fakeFetch } from '../home/fake-fetch.ts';
import { inertContext } from '../map/leaflet-map.ts';

// uPlot measures a layout jsdom has not; the map is the real Leaflet one, on a canvas that draws nothing.
vi.mock('../../src/charts/ElevationProfile.tsx', () => ({
  ElevationProfile: ({ label }: { label: string }) => <figure aria-label={label} />,
}));

const stage = (number: number) => ({
  id: `st-${number}`,
  raceId: 'race-1',
  number,
  name: `Day ${number}`,
  format: 'road_race',
  status: 'scheduled',
  scheduledStart: null,
  lapCount: 1,
  waves: [],
  hasCourse: true,
  course: null,
  startedAt: null,
  finishedAt: null,
  scoring: {},
  createdAt: '2024-01-01T00:00:00Z',
});

/** Two different courses, in different places, as two stages of a stage race have. */
const course = (number: number, lat: number) => ({
  stageId: `st-${number}`,
  name: `Course ${number}`,
  fileName: `stage-${number}.gpx`,
  fileFormat: 'gpx',
  length: 10_000 * number,
  lapLength: 10_000 * number,
  lapCount: 1,
  climbing: 100 * number,
  descent: 0,
  minEle: null,
  maxEle: null,
  hasElevation: false,
  isCircuit: false,
  bbox: { minLat: lat, minLon: 5, maxLat: lat + 0.09 * number, maxLon: 5.01 },
  pointCount: 3,
  simplified: [
    [lat, 5],
    [lat + 0.045 * number, 5.005],
    [lat + 0.09 * number, 5.01],
  ],
  profile: [],
  suggestedCheckpoints: [],
  uploadedAt: '2024-01-01T00:00:00Z',
});

function showWizard(step: string) {
  fakeFetch((url) => {
    const p = url.pathname;
    if (p === '/api/v1/races/race-1')
      return { id: 'race-1', name: 'Stage race', status: 'published', timeZone: 'UTC' };
    if (p === '/api/v1/races/race-1/stages') return { items: [stage(1), stage(2), stage(3)] };
    if (p === '/api/v1/stages/st-1/course') return course(1, 45);
    if (p === '/api/v1/stages/st-2/course') return course(2, 46);
    if (p.endsWith('/checkpoints')) return { items: [] };
    return undefined;
  });
  const router = createMemoryRouter([{ path: '/admin/races/:raceId/build/:step', element: <WizardPage /> }], {
    initialEntries: [`/admin/races/race-1/build/${step}`],
  });
  render(
    <I18nextProvider i18n={i18n}>
      <SessionProvider>
        <RouterProvider router={router} />
      </SessionProvider>
    </I18nextProvider>,
  );
}

/**
 * The wizard's stage picker on the steps with a map: switching stage must draw the other stage's course
 * on a fresh map (it crashed: "Cannot read properties of undefined (reading 'appendChild')", the course
 * drawn on the map just removed), so stage 2's course and checkpoints can be worked on.
 */
describe('the wizard’s stage picker', () => {
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.error);
  beforeEach(() => {
    errors.length = 0;
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(
      () => inertContext() as unknown as null,
    );
    window.addEventListener('error', onError);
  });
  afterEach(() => {
    window.removeEventListener('error', onError);
    cleanup();
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  it.each(['course', 'checkpoints'])(
    'switches stage on the %s step and shows that stage’s course',
    async (step) => {
      showWizard(step);
      const picker = (await screen.findByRole('combobox', { name: /stage/i })) as HTMLSelectElement;
      const map = await screen.findByRole('region', { name: 'Course map' });
      await waitFor(() => expect(map.querySelector('canvas')).not.toBeNull());
      if (step === 'course') expect(await screen.findByText(/Course 1/)).toBeTruthy();

      fireEvent.change(picker, { target: { value: 'st-2' } });
      if (step === 'course') expect(await screen.findByText(/Course 2/)).toBeTruthy();
      await waitFor(() => {
        const shown = screen.getByRole('region', { name: 'Course map' });
        expect(shown.querySelector('.leaflet-container, .leaflet-pane')).not.toBeNull();
      });
      // Back and forth, as an organiser placing checkpoints on each stage does.
      fireEvent.change(picker, { target: { value: 'st-1' } });
      fireEvent.change(picker, { target: { value: 'st-2' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(errors).toEqual([]);
      expect(screen.getAllByRole('region', { name: 'Course map' })).toHaveLength(1);
    },
  );

  it('shows no other stage’s course for a stage without one, so no checkpoint lands on the wrong course', async () => {
    showWizard('checkpoints');
    const picker = (await screen.findByRole('combobox', { name: /stage/i })) as HTMLSelectElement;
    await screen.findByRole('region', { name: 'Course map' });
    fireEvent.change(picker, { target: { value: 'st-3' } });
    expect(await screen.findByText(/Upload a course first|no course/i)).toBeTruthy();
    expect(screen.queryByRole('region', { name: 'Course map' })).toBeNull();
    expect(errors).toEqual([]);
  });
});

import { useParams } from 'react-router';
import type { RaceView } from '../../api/races-types.ts';
import { useApi } from '../../api/use-api.ts';
import { RaceGate } from '../../components/race/RaceGate.tsx';
import { ResultsBody } from './ResultsBody.tsx';

/** A race's results: the stage result and every classification, filterable and downloadable. */
export default function ResultsPage() {
  const { raceId = '' } = useParams();
  const race = useApi<RaceView>(`/api/v1/races/${raceId}`);
  return (
    <RaceGate error={race.error} loading={race.loading} ready={race.data !== undefined} onRetry={race.reload}>
      {() => <ResultsBody race={race.data!} />}
    </RaceGate>
  );
}

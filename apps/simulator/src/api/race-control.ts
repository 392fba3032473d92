// Organiser actions: device tokens for the native tracker, and starting the race.

import { mapConcurrent } from '../senders/pool.ts';
import type { Api } from './client.ts';
import type { RaceInfo, StageInfo } from './race-data.ts';
import type { Entrant } from './start-list.ts';

/** One device token per rider, for `Authorization: Bearer` on /api/v1/track/batch. */
export async function deviceTokens(api: Api, entrants: readonly Entrant[]): Promise<string[]> {
  return mapConcurrent(entrants, 8, async (entrant) => {
    const answer = await api.post<{ token: string }>(
      `/api/v1/registrations/${entrant.registrationId}/device-tokens`,
      {},
    );
    if (typeof answer?.token !== 'string') {
      throw new Error(`No device token for bib ${entrant.bib}: the answer has no "token"`);
    }
    return answer.token;
  });
}

/**
 * Puts this stage live with its start at `at` (epoch ms, in the past: see time-plan.ts), publishing the
 * race first when it is still a draft. A stage already running is left as it is; so is a race already
 * live when the server gives no stage status (an older server, one stage at a time).
 */
export async function startRace(
  api: Api,
  race: RaceInfo,
  stage: Pick<StageInfo, 'id' | 'status'>,
  at: number,
  log: (line: string) => void,
): Promise<void> {
  const path = `/api/v1/races/${encodeURIComponent(race.id)}/status`;
  let status = race.status;
  if (status === 'draft') {
    status = (await api.post<RaceInfo>(path, { status: 'published' })).status;
    log(`race published`);
  }
  const running =
    stage.status === undefined
      ? status === 'live'
      : stage.status === 'live' || stage.status === 'neutralised';
  if (running) {
    log(`stage already live: not started again`);
    return;
  }
  await api.post<RaceInfo>(path, { status: 'live', stageId: stage.id, at });
  log(`stage live, start at ${new Date(at).toISOString()}`);
}

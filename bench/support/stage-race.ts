// A seeded 21-stage, 180-rider stage race for the scoring benchmark: raw crossings per stage, and the full
// recompute (stages, bonuses, GC, points, mountains, teams) with a sanity check of its output.
import { metres, scoring, seconds } from '@echelon/domain';
import { random } from './peloton.ts';

const TEAMS = 20;
const PER_TEAM = 9;
const RIDERS = TEAMS * PER_TEAM;

type Profile = 'flat' | 'hilly' | 'mountain' | 'itt';
/** A Tour-like route: two time trials, sprint stages, hills and three mountain blocks. */
const ROUTE: readonly Profile[] = [
  'hilly',
  'hilly',
  'flat',
  'mountain',
  'flat',
  'flat',
  'itt',
  'flat',
  'hilly',
  'flat',
  'mountain',
  'flat',
  'flat',
  'mountain',
  'mountain',
  'flat',
  'hilly',
  'hilly',
  'mountain',
  'mountain',
  'itt',
];
/** Time limit, % of the winner's time, per road-stage profile. */
const TIME_LIMIT: Record<Exclude<Profile, 'itt'>, number> = { flat: 8, hilly: 10, mountain: 15 };
const CLIMBS: Record<Profile, readonly scoring.Climb['category'][]> = {
  flat: ['4'],
  hilly: ['3', '2', '2'],
  mountain: ['2', '1', '1', 'HC'],
  itt: [],
};
const FINISH_POINTS: Record<Profile, readonly number[]> = {
  flat: scoring.TDF_FLAT_POINTS,
  hilly: scoring.TDF_HILLY_POINTS,
  mountain: scoring.TDF_MOUNTAIN_STAGE_POINTS,
  itt: scoring.TDF_MOUNTAIN_STAGE_POINTS,
};
/** Per rider per stage. */
const ABANDON_RATE = 0.004;
const OTL_STAGE = 14;

interface StageInput {
  profile: Profile;
  kind: scoring.StageKind;
  entries: scoring.StageEntry[];
  options: scoring.StageScoringOptions;
  /** Intermediate sprints as judged (an inner array is a dead heat). */
  sprints: Array<Array<number | number[]>>;
  climbs: Array<{ category: scoring.Climb['category']; order: number[]; multiplier?: number }>;
  penalties: Map<number, ReturnType<typeof seconds>>;
}

interface StageRace {
  stages: StageInput[];
  /** Who should be left in the GC: never abandoned, never outside the time limit. */
  survivors: number;
  abandoned: number;
  outsideLimit: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function shuffle<T>(items: T[], rand: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/**
 * Crossing times (seconds from the start, hundredths) for riders in finishing order, shaped by the profile:
 * a bunch sprint with chained sub-second gaps and the odd split, groups on hilly stages, small groups then a
 * gruppetto in the mountains. Everyone stays well inside the stage's time limit.
 */
function roadCrossings(profile: Exclude<Profile, 'itt'>, n: number, rand: () => number): number[] {
  const winner = (profile === 'mountain' ? 18_000 : profile === 'hilly' ? 15_500 : 14_400) + rand() * 1200;
  const safe = winner * (1 + TIME_LIMIT[profile] / 100) - 240;
  const out: number[] = [];
  let t = winner;
  const group = (size: number, gapBefore: number, inner: () => number) => {
    for (let k = 0; k < size && out.length < n; k++) {
      t = Math.min(safe, out.length === 0 ? t : t + (k === 0 ? gapBefore : inner()));
      out.push(round2(t));
    }
  };
  const tight = () => 0.05 + rand() * 0.75;
  if (profile === 'flat') {
    // A bunch sprint: most of the field wheel to wheel (chained gaps of a few tenths), a few splits of 1–4 s.
    const bunch = Math.floor(n * (0.7 + rand() * 0.15));
    group(bunch, 0, () => (rand() < 0.03 ? 1 + rand() * 3 : 0.02 + rand() * 0.25));
    while (out.length < n) group(1 + Math.floor(rand() * 12), 10 + rand() * 110, tight);
  } else if (profile === 'hilly') {
    group(1 + Math.floor(rand() * 3), 0, tight);
    while (out.length < n) group(1 + Math.floor(rand() * 25), 4 + rand() * 50, tight);
  } else {
    const front = Math.floor(n * (0.3 + rand() * 0.15));
    group(1, 0, tight);
    while (out.length < front) group(1 + Math.floor(rand() * 6), 5 + rand() * 35, tight);
    // The gruppetto, about half an hour down, just inside the limit.
    group(n - out.length, Math.max(5, winner * (1 + TIME_LIMIT.mountain / 100 - 0.04) - t), tight);
  }
  return out;
}

export function buildStageRace(seed: number): StageRace {
  const rand = random(seed);
  const riders = Array.from({ length: RIDERS }, (_, i) => {
    const team = Math.floor(i / PER_TEAM) + 1;
    const bib = team * 10 + (i % PER_TEAM) + 1;
    return { bib, riderId: `r${bib}`, team: `T${String(team).padStart(2, '0')}` };
  });
  // How much the finishing order follows a rider's form (climbers and rouleurs finish where they did before).
  const normal = () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
  const form = new Map(riders.map((r) => [r.bib, normal()] as const));
  const FORM: Record<Profile, number> = { flat: 0.1, hilly: 0.5, mountain: 0.85, itt: 0.8 };
  let inRace = [...riders];
  let abandoned = 0;
  let outsideLimit = 0;
  const stages: StageInput[] = ROUTE.map((profile, s) => {
    const stageNo = s + 1;
    const kind: scoring.StageKind = profile === 'itt' ? 'itt' : 'road';
    const key = new Map(
      inRace.map((r) => [r.bib, FORM[profile] * form.get(r.bib)! + (1 - FORM[profile]) * normal()]),
    );
    const order = [...inRace].sort((a, b) => key.get(a.bib)! - key.get(b.bib)!);
    const quitting = new Set(order.filter(() => rand() < ABANDON_RATE).map((r) => r.bib));
    const finishers = order.filter((r) => !quitting.has(r.bib));
    let options: scoring.StageScoringOptions = {};
    let crossings: number[];
    let lateBib: number | undefined;
    if (profile === 'itt') {
      crossings = finishers.map((_, i) => round2(2400 + i * 1.9 + rand() * 25));
    } else {
      crossings = roadCrossings(profile, finishers.length, rand);
      // A crash 1.5 km out on sprint stages: the victim crosses alone 40 s down and gets the bunch's time.
      if (profile === 'flat') crossings[60] = round2(crossings.at(-1)! + 40);
      options = {
        timeLimit: { percent: TIME_LIMIT[profile] },
        ...(profile === 'flat' && {
          sameTime: { threshold: scoring.BUNCH_SPRINT_THRESHOLD },
          finalKm: {
            incidents: [
              { bib: finishers[60]!.bib, distanceToGo: metres(1500), sameGroupAs: finishers[10]!.bib },
            ],
          },
        }),
      };
      if (stageNo === OTL_STAGE) {
        // One rider of the gruppetto far outside the limit.
        crossings[crossings.length - 1] = round2(crossings.at(-1)! + 1800);
        lateBib = finishers.at(-1)!.bib;
        outsideLimit++;
      }
    }
    const entries: scoring.StageEntry[] = finishers.map((r, i) => ({
      ...r,
      crossing: seconds(crossings[i]!),
    }));
    for (const r of order) if (quitting.has(r.bib)) entries.push({ ...r, status: 'DNF' });
    abandoned += quitting.size;
    inRace = finishers.filter((r) => r.bib !== lateBib);
    // Entries arrive in bib order (as they would from a start list), not in finishing order.
    entries.sort((a, b) => a.bib - b.bib);

    const pick = (k: number) =>
      shuffle([...finishers], rand)
        .slice(0, k)
        .map((r) => r.bib);
    const sprints: Array<Array<number | number[]>> = [];
    if (kind === 'road') {
      const sprint: Array<number | number[]> = pick(15);
      if (rand() < 0.2) sprint.splice(4, 2, [sprint[4] as number, sprint[5] as number]);
      sprints.push(sprint);
    }
    const climbs = CLIMBS[profile].map((category, c, all) => ({
      category,
      order: pick(scoring.TDF_MOUNTAIN_POINTS[category].length),
      ...(profile === 'mountain' && c === all.length - 1 && { multiplier: 2 }),
    }));
    const penalties = new Map<number, ReturnType<typeof seconds>>();
    if (rand() < 0.3) penalties.set(pick(1)[0]!, seconds(20));
    return { profile, kind, entries, options, sprints, climbs, penalties };
  });
  return { stages, survivors: inRace.length, abandoned, outsideLimit };
}

/** Everything a result service recomputes when one stage's result changes: all stages, all classifications. */
export function recompute(race: StageRace) {
  const gcStages: scoring.GcStage[] = [];
  const pointsStages: scoring.PointsStage[] = [];
  const climbs: scoring.Climb[] = [];
  const teamStages: scoring.TeamStageRow[][] = [];
  let stageRows = 0;
  for (const stage of race.stages) {
    const rows = scoring.scoreStage(stage.entries, stage.options);
    stageRows += rows.length;
    const sprints = stage.sprints.map((order) => scoring.rankFromOrder(order));
    const ranked = (upTo: number) =>
      rows.filter((r) => r.rank !== null && r.rank <= upTo).map((r) => ({ bib: r.bib, rank: r.rank! }));
    const bonuses = scoring.stageBonuses(stage.kind, [
      { ranking: ranked(3), scale: scoring.FINISH_BONUS },
      ...sprints.map((ranking) => ({ ranking, scale: scoring.SPRINT_BONUS })),
    ]);
    gcStages.push({ kind: stage.kind, rows, bonuses, penalties: stage.penalties });
    pointsStages.push({ finish: ranked(15), finishScale: FINISH_POINTS[stage.profile], sprints });
    for (const c of stage.climbs) {
      climbs.push({
        category: c.category,
        ranking: scoring.rankFromOrder(c.order),
        ...(c.multiplier !== undefined && { multiplier: c.multiplier }),
      });
    }
    teamStages.push(scoring.teamStage(rows));
  }
  const gc = scoring.generalClassification(gcStages);
  const gcRanks = scoring.gcRankMap(gc);
  const points = scoring.pointsClassification(pointsStages, gcRanks);
  const mountains = scoring.mountainsClassification(climbs, gcRanks);
  const teams = scoring.teamClassification(teamStages, gc);
  return { stageRows, gc, points, mountains, teams };
}

/** H:MM:SS, for the notes. */
export const clock = (s: number) => {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${h}:${String(m).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

/** Problems with a recompute's output (empty when it looks right), and a one-line summary of it. */
export function checkStageRace(race: StageRace, out: ReturnType<typeof recompute>) {
  const problems: string[] = [];
  const { gc, points, mountains, teams } = out;
  const entries = race.stages.reduce((n, s) => n + s.entries.length, 0);
  if (out.stageRows !== entries) problems.push(`${out.stageRows} stage rows for ${entries} entries`);
  if (gc.length !== race.survivors) problems.push(`GC has ${gc.length} riders, expected ${race.survivors}`);
  if (gc[0]?.rank !== 1 || gc[0]?.gap !== 0) problems.push('GC leader is not rank 1 at +0');
  for (let i = 1; i < gc.length; i++) {
    if (gc[i]!.time < gc[i - 1]!.time || gc[i]!.rank < gc[i - 1]!.rank) {
      problems.push(`GC out of order at ${i + 1}`);
      break;
    }
  }
  if (points.length === 0 || points[0]!.rank !== 1) problems.push('no points classification');
  if (mountains.length === 0 || mountains[0]!.rank !== 1) problems.push('no mountains classification');
  if (teams.length === 0 || teams.length > TEAMS) problems.push(`${teams.length} teams classified`);
  const summary =
    `GC ${gc.length}/${RIDERS} (${race.abandoned} DNF, ${race.outsideLimit} OTL), ` +
    `last +${clock(gc.at(-1)?.gap ?? 0)}; points ${points.length}, KOM ${mountains.length}, teams ${teams.length}`;
  return { problems, summary };
}

// ---------------------------------------------------------------------------------------------------------
// Gran fondo

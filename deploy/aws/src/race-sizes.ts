/**
 * What each size of race gets. The figures come from the bench (docs/operations.md): one gateway holds
 * ~10,000 spectators (planned at 7,500 for headroom), one ingest process takes ~43,000 fixes/s, a
 * processor runs a 5,000-rider stage on well under a core. Minimums are what runs all month; maximums
 * are where autoscaling stops on race day.
 */
export type Role = 'api' | 'ingest' | 'processor' | 'gateway';
export const ROLES: readonly Role[] = ['api', 'ingest', 'processor', 'gateway'];

export interface RoleSize {
  /** Fargate CPU units (1024 = one vCPU) and memory (MiB): a valid Fargate pair. */
  cpu: number;
  memoryMiB: number;
  minTasks: number;
  maxTasks: number;
}

export interface RaceSize {
  description: string;
  roles: Record<Role, RoleSize>;
  /** Live WebSockets a gateway task is planned to hold: its scaling target. */
  spectatorsPerGateway: number;
  database: { instanceType: string; allocatedStorageGiB: number; maxAllocatedStorageGiB: number };
  nats: { instanceType: string; volumeGiB: number };
  /** NAT gateways: one is cheaper, one per availability zone survives the loss of a zone. */
  natGateways: number;
}

const role = (cpu: number, memoryMiB: number, minTasks: number, maxTasks: number): RoleSize => ({
  cpu,
  memoryMiB,
  minTasks,
  maxTasks,
});

export const RACE_SIZES = {
  /** 100 riders, 500 spectators: a club's season of races on the smallest highly available stack. */
  club: {
    description: 'Club race: ~100 riders, ~500 spectators',
    roles: {
      api: role(512, 1024, 2, 2),
      ingest: role(256, 512, 1, 2),
      processor: role(256, 512, 2, 2),
      gateway: role(256, 512, 1, 2),
    },
    spectatorsPerGateway: 7500,
    database: { instanceType: 't4g.medium', allocatedStorageGiB: 20, maxAllocatedStorageGiB: 100 },
    nats: { instanceType: 't4g.small', volumeGiB: 20 },
    natGateways: 1,
  },
  /** 5,000 riders, 20,000 spectators, 8 hours: fixes dominate (5,000 a second). */
  fondo: {
    description: 'National gran fondo: ~5,000 riders, ~20,000 spectators',
    roles: {
      api: role(512, 1024, 2, 4),
      ingest: role(1024, 2048, 2, 6),
      processor: role(1024, 2048, 2, 3),
      gateway: role(1024, 2048, 2, 8),
    },
    spectatorsPerGateway: 7500,
    database: { instanceType: 'm6g.large', allocatedStorageGiB: 100, maxAllocatedStorageGiB: 500 },
    nats: { instanceType: 't4g.medium', volumeGiB: 50 },
    natGateways: 2,
  },
  /** 180 riders, 200,000 spectators: spectators dominate (27 gateways at 7,500 each). */
  grandTour: {
    description: 'Grand tour stage: ~180 riders, ~200,000 spectators',
    roles: {
      api: role(1024, 2048, 2, 6),
      ingest: role(512, 1024, 2, 4),
      processor: role(1024, 2048, 2, 3),
      gateway: role(1024, 2048, 2, 32),
    },
    spectatorsPerGateway: 7500,
    database: { instanceType: 'm6g.large', allocatedStorageGiB: 100, maxAllocatedStorageGiB: 500 },
    nats: { instanceType: 't4g.medium', volumeGiB: 50 },
    natGateways: 2,
  },
} as const satisfies Record<string, RaceSize>;

export type RaceSizeName = keyof typeof RACE_SIZES;

export function raceSize(name: string): RaceSize {
  if (!(name in RACE_SIZES)) {
    throw new Error(`raceSize must be one of ${Object.keys(RACE_SIZES).join(', ')} (got "${name}")`);
  }
  return RACE_SIZES[name as RaceSizeName];
}

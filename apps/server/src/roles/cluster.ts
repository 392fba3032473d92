import { hostname } from 'node:os';
import type { Role } from '../config.ts';
import { NatsBus } from '../live/nats-bus.ts';
import { SnapshotStore } from '../live/snapshot-store.ts';
import { StageLeases } from '../live/stage-lease.ts';
import { runs } from './role-routes.ts';

/** What a process on NATS holds besides the database: the bus, and per role the leases and snapshots. */
export interface Cluster {
  role: Role;
  bus: NatsBus;
  /** Processor roles: one owner per stage. */
  leases: StageLeases | null;
  /** Written by processors, followed into memory by gateways. */
  snapshots: SnapshotStore;
  /** Where lease changes go; the processor sets it once it exists. */
  onLease: { acquired(stageId: string): void; lost(stageId: string): void };
  /** Readiness of the roles that need NATS rather than PostgreSQL. */
  ping(): Promise<void>;
  /** Leases first (a standby takes over at once), then the connection. */
  close(): Promise<void>;
}

export interface ClusterOptions {
  natsUrl: string;
  prefix: string;
  role: Role;
  onError: (error: unknown, context: string) => void;
}

export async function openCluster(options: ClusterOptions): Promise<Cluster> {
  const { prefix, role, onError } = options;
  const owner = `${hostname()}:${process.pid}`;
  const bus = await NatsBus.connect({
    servers: options.natsUrl,
    prefix,
    name: `echelon-${role}-${owner}`,
    onError,
  });
  const snapshots = await SnapshotStore.open(bus.nc, { bucket: `${prefix}_snapshots`, onError });
  if (runs(role, 'gateway')) await snapshots.follow();
  const onLease: Cluster['onLease'] = { acquired: () => {}, lost: () => {} };
  const leases = runs(role, 'processor')
    ? await StageLeases.open(bus.nc, {
        owner,
        bucket: `${prefix}_leases`,
        onAcquired: (stageId) => onLease.acquired(stageId),
        onLost: (stageId) => onLease.lost(stageId),
        onError,
      })
    : null;
  return {
    role,
    bus,
    leases,
    snapshots,
    onLease,
    ping: async () => {
      await bus.nc.flush();
    },
    close: async () => {
      await leases?.stop();
      snapshots.stop();
      await bus.close();
    },
  };
}

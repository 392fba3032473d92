import {
  Announcement,
  CreateAnnouncementBody,
  LiveClientMessage,
  type LiveError,
  LiveSnapshot,
  RaceParams,
  StageParams,
} from '@echelon/contracts';
import type { RawData, WebSocket } from 'ws';
import { actorOf } from '../http/auth.ts';
import { notFound } from '../http/problem.ts';
import { problems, type ZodApp } from '../http/types.ts';
import type { Actor } from '../modules/auth/actor.ts';
import type { RacesService } from '../modules/races/races.service.ts';
import type { Bus } from './bus.ts';
import type { LiveGateway } from './gateway.ts';
import type { LiveRepository } from './live.repository.ts';
import { ConnectionsPerAddress, closeIfOverBuffer, SOCKET_LIMITS } from './socket-limits.ts';
import type { StageAccessCache } from './stage-access.ts';
import { releaseUpgrade, socketErrorListener } from './upgraded-socket.ts';

/** Race control: the race's managers and the commissaires on its staff may announce. */
const OFFICIALS = ['admin', 'organiser', 'commissaire'] as const;

/** Where the live routes get snapshots: the processor in one process, the snapshot store in a gateway. */
export interface LiveSnapshots {
  /** Loads the stage's snapshot if it can (a stage that started), so `snapshot` answers. */
  ensure(stageId: string): Promise<unknown>;
  snapshot(stageId: string): string | null;
}

export interface LiveDeps {
  processor: LiveSnapshots;
  gateway: LiveGateway;
  /** Who may watch a stage: asked on every subscribe, so answered from memory (see StageAccessCache). */
  access: StageAccessCache;
  races: RacesService;
  repo: LiveRepository;
  bus: Bus;
  /** Open sockets one client address may hold (default SOCKET_LIMITS.maxConnectionsPerAddress). */
  maxSocketsPerAddress?: number;
}

export function registerLiveRoutes(app: ZodApp, deps: LiveDeps): void {
  const connections = new ConnectionsPerAddress(deps.maxSocketsPerAddress);
  const onSocketError = socketErrorListener(app.log);
  /**
   * Who a signed-in spectator's socket belongs to (anonymous ones, most of a crowd, have no entry), so
   * that every socket shares one message listener instead of holding a closure over its request's actor.
   */
  const actors = new WeakMap<WebSocket, Actor>();
  const onMessage = function onLiveMessage(this: WebSocket, data: RawData) {
    // Every message may make the server send (a snapshot): a client that asks without reading is closed.
    if (closeIfOverBuffer(this)) return;
    void handleLiveMessage(deps, this, actors.get(this) ?? null, String(data)).catch((error: unknown) => {
      app.log.warn({ err: error }, 'live message failed');
      sendError(this, { code: 'unavailable', detail: 'Something went wrong; subscribe again' });
    });
  };
  app.get(
    '/api/v1/stages/:stageId/live',
    {
      schema: {
        operationId: 'getLiveSnapshot',
        tags: ['live'],
        summary: 'The live state of a started stage: standings, groups, checkpoints, announcements',
        description: 'The same snapshot the live WebSocket sends first; deltas continue from its `seq`.',
        params: StageParams,
        response: { 200: LiveSnapshot, ...problems(404) },
      },
      config: { access: 'public', session: 'best-effort' },
    },
    async (request, reply) => {
      if (!(await deps.access.canView(request.actor, request.params.stageId)))
        throw notFound('No such stage, or it is not public');
      await deps.processor.ensure(request.params.stageId);
      const snapshot = deps.processor.snapshot(request.params.stageId);
      if (!snapshot) throw notFound('This stage has not started');
      // Already serialised once for the feed: send those bytes as they are.
      return reply.type('application/json; charset=utf-8').send(snapshot as never);
    },
  );

  app.post(
    '/api/v1/races/:raceId/announcements',
    {
      schema: {
        operationId: 'createAnnouncement',
        tags: ['live'],
        summary: 'Announce something to spectators (it appears in the live feed)',
        params: RaceParams,
        body: CreateAnnouncementBody,
        response: { 201: Announcement, ...problems(400, 401, 403, 404) },
      },
      config: { access: OFFICIALS },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      await deps.races.officiated(actor, request.params.raceId);
      const row = await deps.repo.insertAnnouncement({
        raceId: request.params.raceId,
        stageId: request.body.stageId,
        text: request.body.text,
        at: Date.now(),
        createdBy: actor.id,
      });
      const announcement = { id: row.id, at: row.at, text: row.text, stageId: row.stageId };
      deps.bus.publishControl({ type: 'announcement', raceId: row.raceId, ...announcement });
      return reply.status(201).send(announcement);
    },
  );

  app.get(
    '/api/v1/live',
    {
      schema: { hide: true },
      websocket: true,
      config: { access: 'public', session: 'best-effort' },
    },
    (socket: WebSocket, request) => {
      // A spectator's socket may stay open for hours: it keeps only what it needs, not the upgrade.
      releaseUpgrade(socket, request, onSocketError);
      if (!connections.admit(socket, request.ip)) return;
      if (request.actor) actors.set(socket, request.actor);
      socket.on('message', onMessage);
    },
  );
}

async function handleLiveMessage(deps: LiveDeps, socket: WebSocket, actor: Actor | null, text: string) {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    sendError(socket, { code: 'invalid', detail: 'Messages are JSON: {"type":"subscribe","stageId":"…"}' });
    return;
  }
  const parsed = LiveClientMessage.safeParse(json);
  if (!parsed.success) {
    sendError(socket, {
      code: 'invalid',
      detail: 'Expected {"type":"subscribe"|"unsubscribe"|"snapshot","stageId":"…"}',
    });
    return;
  }
  const message = parsed.data;
  const { type, stageId } = message;
  if (type === 'unsubscribe') {
    deps.gateway.unsubscribe(socket, stageId);
    return;
  }
  // Counted when the message arrives, before any await: a burst of subscribes cannot overtake the cap.
  let counted = false;
  if (
    type === 'subscribe' &&
    !deps.gateway.isSubscribed(socket, stageId) &&
    !pendingBySocket.get(socket)?.has(stageId)
  ) {
    const pending = pendingBySocket.get(socket)?.size ?? 0;
    if (deps.gateway.subscriptions(socket) + pending >= SOCKET_LIMITS.maxSubscriptionsPerSocket) {
      sendError(socket, {
        stageId,
        code: 'invalid',
        detail: `At most ${SOCKET_LIMITS.maxSubscriptionsPerSocket} stages per socket: unsubscribe from one first`,
      });
      return;
    }
    startPending(socket, stageId);
    counted = true;
  }
  try {
    let allowed: boolean;
    try {
      allowed = await deps.access.canView(actor, stageId);
    } catch {
      // Nothing known of the stage and the database unreachable: the client's retry will ask again.
      sendError(socket, { stageId, code: 'unavailable', detail: 'The live feed is busy; subscribe again' });
      return;
    }
    if (!allowed) {
      sendError(socket, { stageId, code: 'not-found', detail: 'No such stage, or it is not public' });
      return;
    }
    await deps.processor.ensure(stageId);
    if (message.type === 'subscribe') deps.gateway.subscribe(socket, stageId, message.encoding);
    else deps.gateway.sendSnapshot(socket, stageId);
  } finally {
    if (counted) endPending(socket, stageId);
  }
}

/**
 * The stages each socket is being subscribed to: the gateway learns of a subscription only after the
 * awaits above, and the cap must count them meanwhile. Emptied as each completes, so an idle spectator
 * holds nothing here (the gateway's list is the record of what it follows).
 */
const pendingBySocket = new WeakMap<WebSocket, Set<string>>();

function startPending(socket: WebSocket, stageId: string): void {
  let set = pendingBySocket.get(socket);
  if (!set) {
    set = new Set();
    pendingBySocket.set(socket, set);
  }
  set.add(stageId);
}

function endPending(socket: WebSocket, stageId: string): void {
  const set = pendingBySocket.get(socket);
  set?.delete(stageId);
  if (set?.size === 0) pendingBySocket.delete(socket);
}

function sendError(socket: WebSocket, error: Omit<LiveError, 'type'>): void {
  socket.send(JSON.stringify({ type: 'error', ...error } satisfies LiveError));
}

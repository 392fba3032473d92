import type { Actor } from '../auth/actor.ts';

interface RaceAccessFacts {
  ownerId: string;
  visibility: string;
  status: string;
}

/** Organisers manage their own races; admins manage every race. */
export function canManageRace(actor: Actor | null, race: RaceAccessFacts): boolean {
  return (
    actor !== null && (actor.role === 'admin' || (actor.role === 'organiser' && race.ownerId === actor.id))
  );
}

/** Public and unlisted races can be opened by anyone with the link once published; the rest by their managers. */
export function canViewRace(actor: Actor | null, race: RaceAccessFacts): boolean {
  if (canManageRace(actor, race)) return true;
  return race.visibility !== 'private' && race.status !== 'draft';
}

export function canCreateRace(actor: Actor | null): boolean {
  return actor !== null && (actor.role === 'admin' || actor.role === 'organiser');
}

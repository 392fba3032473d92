import type { Actor } from '../auth/actor.ts';

interface RaceAccessFacts {
  ownerId: string;
  visibility: string;
  status: string;
  /** The race's staff (see race_staff), when the caller loaded them; absent means none known. */
  staffIds?: readonly string[];
}

/** Organisers manage their own races; admins manage every race. */
export function canManageRace(actor: Actor | null, race: RaceAccessFacts): boolean {
  return (
    actor !== null && (actor.role === 'admin' || (actor.role === 'organiser' && race.ownerId === actor.id))
  );
}

/** A commissaire or organiser the race's manager added to its staff. */
export function isRaceStaff(actor: Actor | null, race: RaceAccessFacts): boolean {
  return (
    actor !== null &&
    (actor.role === 'commissaire' || actor.role === 'organiser') &&
    (race.staffIds?.includes(actor.id) ?? false)
  );
}

/**
 * Officiating — decisions, timing passings, race control, announcements — is open to the race's staff
 * as well as its managers, so a commissaire can run a race someone else built. Building it (details,
 * course, start list, staff) stays with its managers.
 */
export function canOfficiateRace(actor: Actor | null, race: RaceAccessFacts): boolean {
  return canManageRace(actor, race) || isRaceStaff(actor, race);
}

/** Public and unlisted races can be opened by anyone with the link once published; the rest by their officials. */
export function canViewRace(actor: Actor | null, race: RaceAccessFacts): boolean {
  if (canOfficiateRace(actor, race)) return true;
  return race.visibility !== 'private' && race.status !== 'draft';
}

export function canCreateRace(actor: Actor | null): boolean {
  return actor !== null && (actor.role === 'admin' || actor.role === 'organiser');
}

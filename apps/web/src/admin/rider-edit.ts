import type { RegistrationView } from '../api/types.ts';

/** A start-list entry's correctable fields as typed: the inputs' own strings. */
export interface RiderDraft {
  bib: string;
  firstName: string;
  lastName: string;
  team: string;
  category: string;
  /** '' for none. */
  gender: string;
  deviceId: string;
}

/** The PATCH body of a correction: only the fields changed, empty text meaning none (null). */
export type RiderChanges = Partial<{
  bib: number;
  firstName: string;
  lastName: string;
  team: string | null;
  category: string | null;
  gender: 'M' | 'F' | 'X' | null;
  deviceId: string | null;
}>;

export function toRiderDraft(rider: RegistrationView): RiderDraft {
  return {
    bib: String(rider.bib),
    firstName: rider.firstName,
    lastName: rider.lastName,
    team: rider.team ?? '',
    category: rider.category ?? '',
    gender: rider.gender ?? '',
    deviceId: rider.deviceId ?? '',
  };
}

const orNull = (text: string) => (text.trim() === '' ? null : text.trim());

/**
 * Only what the organiser corrected, so an edit never rewrites a field someone else changed meanwhile.
 * A bib that is not a whole number goes as-is for the server's 400 under the field.
 */
export function riderChanges(rider: RegistrationView, draft: RiderDraft): RiderChanges {
  const changes: RiderChanges = {};
  const bib = draft.bib.trim() === '' ? Number.NaN : Number(draft.bib);
  if (bib !== rider.bib) changes.bib = bib;
  if (draft.firstName.trim() !== rider.firstName) changes.firstName = draft.firstName.trim();
  if (draft.lastName.trim() !== rider.lastName) changes.lastName = draft.lastName.trim();
  if (orNull(draft.team) !== rider.team) changes.team = orNull(draft.team);
  if (orNull(draft.category) !== rider.category) changes.category = orNull(draft.category);
  if ((orNull(draft.gender) ?? null) !== rider.gender)
    changes.gender = orNull(draft.gender) as RiderChanges['gender'];
  if (orNull(draft.deviceId) !== rider.deviceId) changes.deviceId = orNull(draft.deviceId);
  return changes;
}

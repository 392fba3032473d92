// Branded units: a distance passed where a duration is expected is a compile error, not a bug in the
// standings at kilometre 140.
declare const unit: unique symbol;
type Branded<T, U extends string> = T & { readonly [unit]: U };

/** A distance in metres. */
export type Metres = Branded<number, 'metres'>;
/** A duration in seconds. */
export type Seconds = Branded<number, 'seconds'>;
/** An instant as milliseconds since the Unix epoch. */
export type EpochMs = Branded<number, 'epoch-ms'>;

export const metres = (value: number): Metres => value as Metres;
export const seconds = (value: number): Seconds => value as Seconds;
export const epochMs = (value: number): EpochMs => value as EpochMs;

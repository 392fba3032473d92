// Public API of the non-road scoring formats: time trials, lap races, mass participation and GPS timing.
export * from './age-groups.ts';
export * from './audax.ts';
export * from './criterium.ts';
export * from './cyclocross.ts';
export * from './elimination.ts';
export * from './gps-timing.ts';
export * from './gran-fondo.ts';
export * from './lap-ranking.ts';
export * from './points-race.ts';
export * from './rankings.ts';
export * from './time-trial.ts';
export * from './types.ts';

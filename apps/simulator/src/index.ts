// Library API of the race simulator, for the end-to-end tests and other tools.
export { finishTable } from './finish-table.ts';
export { buildCourse, type SimCourse } from './model/course.ts';
export { type ModelOptions, type ModelPlan, planModelRace } from './model/plan-race.ts';
export { createRng, mulberry32 } from './model/prng.ts';
export type { Plan, PlannedFix, TruthTrack } from './plan.ts';
export { PROTOCOLS, type Protocol, runSimulation, type SimulationOptions } from './run.ts';
export { planTime, type TimePlan } from './time-plan.ts';
export { distanceAt, type GroundTruth, groundTruthAt, type TruthRider } from './truth.ts';

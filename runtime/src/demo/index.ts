export { demoModel, STAGES } from './demo-model';
export type { FirstRunOptions, FirstRunResult } from './first-run';
export { provisionFirstRun } from './first-run';
export type { DemoCounts, SeedOptions } from './seed-demo';
export { seedDemo } from './seed-demo';

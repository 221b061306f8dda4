export { ANALYSIS_KINDS, type AnalysisInput, type AnalysisKind, analysisInput } from './analysis-input';
export { type ShownAnalysis, type StoredAnalysis, showAnalysis, storeAnalysis } from './analysis-stored';
export type { BasketPair } from './basket-sql';
export type { Cohort } from './cohort-sql';
export type { ForecastMonth } from './forecast-sql';
export type { FunnelStep } from './history-funnel-sql';
export { type AnalysisResult, runAnalysis } from './run-analysis';

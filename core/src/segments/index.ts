export type { ReadFilter, SegmentFilter } from './segment-filter';
export { readFilter, storedFilter } from './segment-filter';
export type { CreateSegmentInput, UpdateSegmentInput } from './segment-input';
export { createSegmentStore, type SegmentInfo, type SegmentStore } from './segment-store';
export { recordsInSegment, segmentFilter } from './segment-use';

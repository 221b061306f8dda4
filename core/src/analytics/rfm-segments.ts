import type { SelectOption } from '../metadata';

/** An RFM class: the recency and frequency score ranges (inclusive) that fall in it. */
export interface RfmSegment {
  value: string;
  label: string;
  color: string;
  recency: readonly [number, number];
  frequency: readonly [number, number];
}

/**
 * The standard RFM segment map over recency (R) and frequency (F) scores, 1-5 each (the grid used
 * by most RFM tools; monetary is scored but does not move the class). Every (R, F) cell falls in
 * exactly one class (tested). Listed best first: the order of the segment field's options.
 */
export const RFM_SEGMENTS: readonly RfmSegment[] = [
  { value: 'CHAMPIONS', label: 'Champions', color: 'green', recency: [5, 5], frequency: [4, 5] },
  { value: 'LOYAL', label: 'Loyal', color: 'teal', recency: [3, 4], frequency: [4, 5] },
  { value: 'POTENTIAL_LOYALIST', label: 'Potential loyalist', color: 'cyan', recency: [4, 5], frequency: [2, 3] },
  { value: 'NEW_CUSTOMER', label: 'New customer', color: 'blue', recency: [5, 5], frequency: [1, 1] },
  { value: 'PROMISING', label: 'Promising', color: 'purple', recency: [4, 4], frequency: [1, 1] },
  { value: 'NEED_ATTENTION', label: 'Need attention', color: 'yellow', recency: [3, 3], frequency: [3, 3] },
  { value: 'ABOUT_TO_SLEEP', label: 'About to sleep', color: 'orange', recency: [3, 3], frequency: [1, 2] },
  { value: 'CANT_LOSE', label: 'Cannot lose them', color: 'red', recency: [1, 2], frequency: [5, 5] },
  { value: 'AT_RISK', label: 'At risk', color: 'pink', recency: [1, 2], frequency: [3, 4] },
  { value: 'HIBERNATING', label: 'Hibernating', color: 'gray', recency: [1, 2], frequency: [1, 2] },
];

/** The segment field's options, best class first. */
export const rfmSegmentOptions = (): SelectOption[] =>
  RFM_SEGMENTS.map((s, position) => ({ value: s.value, label: s.label, color: s.color, position }));

/** The class of scores (r, f); undefined outside 1-5. */
export const rfmSegmentOf = (r: number, f: number): RfmSegment | undefined =>
  RFM_SEGMENTS.find((s) => r >= s.recency[0] && r <= s.recency[1] && f >= s.frequency[0] && f <= s.frequency[1]);

/** `case` over the score expressions `r` and `f` giving the class value (null when unscored). */
export function rfmSegmentSql(r: string, f: string): string {
  const arms = RFM_SEGMENTS.map(
    (s) =>
      `when ${r} between ${s.recency[0]} and ${s.recency[1]} and ${f} between ${s.frequency[0]} and ${s.frequency[1]} then '${s.value}'`,
  );
  return `case ${arms.join(' ')} end`;
}

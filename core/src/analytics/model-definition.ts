import type { SegmentFilter } from '../segments';

/** Field ids of what an RFM model writes on its subject. */
export interface RfmFieldIds {
  recency: string;
  frequency: string;
  monetary: string;
  segment: string;
}

/** An RFM model as stored: everything by id (standard fields by name), so renames carry through. */
export interface RfmDefinition {
  kind: 'RFM';
  relatedObjectId: string;
  /** The related object's many-to-one RELATION field pointing at the subject. */
  relationFieldId: string;
  /** The related object's date: a field id, or `createdAt`. */
  date: string;
  amountFieldId: string;
  windowDays: number;
  fields: RfmFieldIds;
}

export interface LifecycleStage {
  value: string;
  label: string;
  color: string;
  /** Stored by field ids (see core/src/segments); null: every record. */
  condition: SegmentFilter | null;
}

export interface LifecycleDefinition {
  kind: 'LIFECYCLE';
  /** The SELECT field the stage is written to. */
  fieldId: string;
  stages: LifecycleStage[];
}

export type ModelDefinition = RfmDefinition | LifecycleDefinition;
export type ModelKind = ModelDefinition['kind'];

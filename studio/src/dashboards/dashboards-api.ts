import { gql } from '../api/graphql-client';
import { downloadFromExport } from '../records/export-api';
import type { Filter } from '../records/records-api';

export type WidgetKind = 'NUMBER' | 'BAR' | 'LINE' | 'PIE' | 'FUNNEL' | 'TABLE' | AnalysisKind;
/** Analytical widgets: each reads its own shape (see core/src/analytics/widgets). */
export type AnalysisKind = 'HISTORY_FUNNEL' | 'COHORT' | 'BASKET' | 'FORECAST';
export const ANALYSIS_KINDS: readonly AnalysisKind[] = ['HISTORY_FUNNEL', 'COHORT', 'BASKET', 'FORECAST'];
export type DateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** A widget's definition as the APIs take it (names, not ids). */
export interface WidgetDefinition {
  id: string;
  title: string;
  kind: WidgetKind;
  object: string;
  measure: { function: 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX'; field: string | null };
  groupBy: { field: string; bucket: DateBucket | null } | null;
  filter: Filter | null;
  segment: string | null;
  /** Analytical widgets: what they read (`kind` is the widget's). */
  analysis?: Record<string, unknown> & { kind: AnalysisKind };
  layout: { x: number; y: number; w: number; h: number };
}

export interface WidgetPoint {
  key: unknown;
  label: string;
  value: number | null;
  /** FUNNEL: this step over the previous one (0..1), computed by the server. */
  conversion: number | null;
  /** NUMBER with a comparison: the value over the previous period. */
  previous?: number | null;
}

/** A widget as the signed-in user sees it, with its data computed for them. */
export interface DashboardWidget {
  id: string;
  title: string;
  kind: WidgetKind;
  layout: WidgetDefinition['layout'];
  state: 'OK' | 'RESTRICTED' | 'BROKEN';
  problem: string | null;
  definition: WidgetDefinition | null;
  points: WidgetPoint[] | null;
  /** Analytical widgets' numbers (shape by kind), computed for the user; null otherwise. */
  analysis: AnalysisResult | null;
}

export interface FunnelStep {
  value: string;
  label: string;
  reached: number;
  conversion: number | null;
  medianDays: number | null;
}
export interface BasketPair {
  a: { id: string; label: string | null };
  b: { id: string; label: string | null };
  together: number;
  support: number;
  confidence: number;
  confidenceReverse: number;
  lift: number;
}
export type AnalysisResult =
  | { kind: 'HISTORY_FUNNEL'; steps: FunnelStep[] }
  | { kind: 'COHORT'; months: number; cohorts: { cohort: string; size: number; retention: number[] }[] }
  | { kind: 'BASKET'; pairs: BasketPair[] }
  | { kind: 'FORECAST'; months: { month: string; weighted: number; best: number; worst: number }[] };

export interface Dashboard {
  id: string;
  name: string;
  label: string;
  description: string | null;
  /** The user's own (edited on /graphql); otherwise shared by an admin. */
  personal: boolean;
  widgets: DashboardWidget[];
}

/** Every dashboard of the workspace, without widget data. */
export async function listDashboards(): Promise<Omit<Dashboard, 'widgets'>[]> {
  const data = await gql<{ dashboards: Omit<Dashboard, 'widgets'>[] }>(
    '/graphql',
    '{ dashboards { id name label description personal } }',
  );
  return data.dashboards;
}

/** One dashboard with each widget's data, computed now with the user's rights; `segment` narrows it. */
export async function fetchDashboard(id: string, segment: string | null): Promise<Dashboard> {
  const data = await gql<{ dashboard: Dashboard }>(
    '/graphql',
    `query StudioDashboard($id: ID!, $segment: ID) { dashboard(id: $id) { id name label description personal
      widgets(segment: $segment) { id title kind layout state problem definition points { key label value conversion previous } analysis } } }`,
    { id, segment },
  );
  return data.dashboard;
}

/**
 * Creates (no `id`) or replaces a dashboard's label and widgets: a shared one through `/metadata`
 * (admins), a personal one through `/graphql` (its owner).
 */
export async function saveDashboard(
  id: string | null,
  input: { name?: string; label: string; widgets: WidgetDefinition[] },
  personal = false,
): Promise<string> {
  if (personal) return savePersonal(id, input);
  if (id) {
    const { name: _fixed, ...changes } = input;
    await gql(
      '/metadata',
      'mutation($id: ID!, $input: UpdateDashboardInput!) { updateDashboard(id: $id, input: $input) { id } }',
      {
        id,
        input: changes,
      },
    );
    return id;
  }
  const data = await gql<{ createDashboard: { id: string } }>(
    '/metadata',
    'mutation($input: CreateDashboardInput!) { createDashboard(input: $input) { id } }',
    { input },
  );
  return data.createDashboard.id;
}

/** Downloads one widget's data as CSV (computed by the server with the user's rights). */
export function downloadWidgetCsv(dashboard: string, widget: string, segment: string | null): Promise<void> {
  return downloadFromExport({ format: 'csv', dashboard, widget, segment }, `${widget}.csv`);
}

async function savePersonal(id: string | null, input: { name?: string; label: string; widgets: WidgetDefinition[] }) {
  if (id) {
    const { name: _fixed, ...changes } = input;
    await gql('/graphql', 'mutation($id: ID!, $input: JSON!) { updateMyDashboard(id: $id, input: $input) { id } }', {
      id,
      input: changes,
    });
    return id;
  }
  const data = await gql<{ createMyDashboard: { id: string } }>(
    '/graphql',
    'mutation($input: JSON!) { createMyDashboard(input: $input) { id } }',
    { input },
  );
  return data.createMyDashboard.id;
}

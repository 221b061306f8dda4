import { qualify } from '../../db';
import { isRelataError } from '../../errors';
import {
  applyReviewed,
  type PlannedChange,
  renderStatement,
  reviewPlannedChange,
  type WorkspaceSnapshot,
} from '../../metadata';
import type { BundleStep, SectionContext, StepKind } from '../bundle-section';
import { fileError } from '../bundle-yaml';

/** Where a step's input came from: its file and the path of the object or field in it. */
export interface StepSource {
  file: string;
  /** `''` for the object itself, `fields[2]` for a field. */
  path: string;
}

/** A planner's error re-rooted in the file: `input.x` / `bundle.objects[0].x` become `<path>.x`. */
export function inFile(error: unknown, source: StepSource, innerPath?: string): unknown {
  const field = isRelataError(error) ? error.details.field : undefined;
  if (!isRelataError(error) || error.code !== 'BAD_USER_INPUT' || typeof field !== 'string') return error;
  const inner = innerPath ?? field.replace(/^(input|bundle\.objects\[0\])\.?/, '');
  const path = [source.path, inner].filter(Boolean).join('.');
  return fileError(source.file, path, error.message);
}

/** A metadata change of the objects section: planned from `before`, re-checked and run at apply. */
export interface MetadataStepPayload {
  type: 'metadata';
  before: WorkspaceSnapshot;
  planned: PlannedChange;
}

/** A step listed apart for reading whose change runs with the step before it (new tables of one bundle). */
export interface IncludedStepPayload {
  type: 'included';
}

/**
 * Collects the section's steps in apply order, each a change planned by the metadata service's
 * own planners against the workspace as the steps before it leave it (`working`).
 */
export class StepChain<Extra = never> {
  readonly steps: BundleStep<MetadataStepPayload | IncludedStepPayload | Extra>[] = [];
  working: WorkspaceSnapshot;

  constructor(private readonly ctx: SectionContext) {
    this.working = ctx.after;
  }

  /** `plan` run against the working snapshot and reviewed (counted, described); errors through `mapError`. */
  private async planned(plan: (snapshot: WorkspaceSnapshot) => PlannedChange, mapError: (error: unknown) => unknown) {
    const before = this.working;
    try {
      const planned = plan(before);
      const reviewed = await reviewPlannedChange(this.ctx.tx, before, planned, { existing: this.ctx.before });
      return { before, planned, reviewed };
    } catch (error) {
      throw mapError(error);
    }
  }

  /** Plans with `plan` against the working snapshot, counts and describes it, and moves on. */
  async add(
    kind: StepKind,
    target: string,
    plan: (snapshot: WorkspaceSnapshot) => PlannedChange,
    source?: StepSource,
  ): Promise<void> {
    const { before, planned, reviewed } = await this.planned(plan, (error) => (source ? inFile(error, source) : error));
    const affected = reviewed.counted.affectedRows;
    this.steps.push({
      section: 'objects',
      kind,
      target,
      sql: reviewed.statements.map(renderStatement),
      summary: reviewed.summary,
      impact: { affectedRows: affected, droppedRows: kind === 'delete' ? (affected ?? 0) : null },
      warnings: reviewed.counted.warnings,
      payload: { type: 'metadata', before, planned },
    });
    this.working = planned.next;
  }

  /**
   * Plans several creations as one change (new tables with all their columns, then the foreign
   * keys among them: one review instead of one per object) and lists one step per target, each
   * with the statements that name its table first; the first step carries the change.
   */
  async addCreations(
    targets: readonly { target: string; table: string; label: string }[],
    plan: (snapshot: WorkspaceSnapshot) => PlannedChange,
    mapError: (error: unknown) => unknown,
  ): Promise<void> {
    if (targets.length === 0) return;
    const { before, planned, reviewed } = await this.planned(plan, mapError);
    const owner = (sql: string) => {
      let best = 0;
      let at = Number.POSITIVE_INFINITY;
      targets.forEach((t, i) => {
        const found = sql.indexOf(qualify(before.schemaName, t.table));
        if (found >= 0 && found < at) [best, at] = [i, found];
      });
      return best;
    };
    const sql = targets.map(() => [] as string[]);
    for (const statement of reviewed.statements) sql[owner(statement.sql)]!.push(renderStatement(statement));
    targets.forEach((t, i) => {
      this.steps.push({
        section: 'objects',
        kind: 'create',
        target: t.target,
        sql: sql[i]!,
        summary: [`Creates the table of ${t.label}; no existing data is touched.`],
        impact: { affectedRows: null, droppedRows: null },
        warnings: i === 0 ? reviewed.counted.warnings : [],
        payload: i === 0 ? { type: 'metadata', before, planned } : { type: 'included' },
      });
    });
    this.working = planned.next;
  }

  push(step: BundleStep<Extra>): void {
    this.steps.push(step);
  }
}

/** Runs one metadata step inside the bundle's transaction: checked again against the data of now, then written. */
export async function applyMetadataStep(ctx: SectionContext, payload: MetadataStepPayload): Promise<void> {
  const reviewed = await reviewPlannedChange(ctx.tx, payload.before, payload.planned);
  await applyReviewed(ctx.tx, ctx.workspaceId, payload.before, payload.planned, reviewed);
}

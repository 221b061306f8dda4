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
function inFile(error: unknown, source: StepSource): unknown {
  const field = isRelataError(error) ? error.details.field : undefined;
  if (!isRelataError(error) || error.code !== 'BAD_USER_INPUT' || typeof field !== 'string') return error;
  const inner = field.replace(/^(input|bundle\.objects\[0\])\.?/, '');
  const path = [source.path, inner].filter(Boolean).join('.');
  return fileError(source.file, path, error.message);
}

/** A metadata change of the objects section: planned from `before`, re-checked and run at apply. */
export interface MetadataStepPayload {
  type: 'metadata';
  before: WorkspaceSnapshot;
  planned: PlannedChange;
}

/**
 * Collects the section's steps in apply order, each a change planned by the metadata service's
 * own planners against the workspace as the steps before it leave it (`working`).
 */
export class StepChain<Extra = never> {
  readonly steps: BundleStep<MetadataStepPayload | Extra>[] = [];
  working: WorkspaceSnapshot;

  constructor(private readonly ctx: SectionContext) {
    this.working = ctx.after;
  }

  /** Plans with `plan` against the working snapshot, counts and describes it, and moves on. */
  async add(
    kind: StepKind,
    target: string,
    plan: (snapshot: WorkspaceSnapshot) => PlannedChange,
    source?: StepSource,
  ): Promise<void> {
    const before = this.working;
    let planned: PlannedChange;
    let reviewed: Awaited<ReturnType<typeof reviewPlannedChange>>;
    try {
      planned = plan(before);
      reviewed = await reviewPlannedChange(this.ctx.tx, before, planned, { existing: this.ctx.before });
    } catch (error) {
      throw source ? inFile(error, source) : error;
    }
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

  push(step: BundleStep<Extra>): void {
    this.steps.push(step);
  }
}

/** Runs one metadata step inside the bundle's transaction: checked again against the data of now, then written. */
export async function applyMetadataStep(ctx: SectionContext, payload: MetadataStepPayload): Promise<void> {
  const reviewed = await reviewPlannedChange(ctx.tx, payload.before, payload.planned);
  await applyReviewed(ctx.tx, ctx.workspaceId, payload.before, payload.planned, reviewed);
}

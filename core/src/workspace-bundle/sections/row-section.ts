import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { BundleFile, BundleSection, BundleStep, SectionContext } from '../bundle-section';
import { fileError, readDocument, toYaml } from '../bundle-yaml';
import { canonicalJson } from '../key-filters';
import type { BundleRefs, DocumentSite } from './bundle-refs';
import { sectionRefs } from './section-refs';

/** A row that is one file of a section: found by its stable key, shown by its name. */
export interface KeyedRow {
  id: string;
  key: string;
  name: string;
}

/** What a step of a row section carries from plan to apply: the row's id and what to write. */
export interface RowPayload<Values> {
  id: string;
  values: Values;
}

/**
 * One kind of keyed row (workflows, dashboards, segments, forms, webhooks) as a bundle section:
 * what differs per kind is how a row reads and writes; the comparison by key, renames, pruning
 * and file names are the same for all (see `rowSection`).
 */
export interface RowKind<Row extends KeyedRow, Doc extends { key: string; name: string }, Values> {
  name: string;
  folder: string;
  /** The word plans use: `workflow`, `dashboard`... */
  noun: string;
  schema: z.ZodType<Doc>;
  /** Said on every create step (what a file cannot carry, e.g. a secret). */
  createWarning?: string;
  /** Other sections refer to rows of this kind by key (a widget's segment): plans record new ones. */
  referencedAs?: 'segment' | 'form';
  list(ctx: SectionContext): Promise<Row[]>;
  toDocument(row: Row, refs: BundleRefs, site: DocumentSite): Doc;
  fromDocument(doc: Doc, refs: BundleRefs, site: DocumentSite): Values;
  /**
   * Checks values against the workspace as the bundle leaves it (fields exist, expressions
   * compile) and answers them as stored, with warnings for the plan.
   * @throws BAD_USER_INPUT naming the file and the path
   */
  check(ctx: SectionContext, values: Values, site: DocumentSite): Promise<{ values: Values; warnings: string[] }>;
  create(ctx: SectionContext, id: string, values: Values): Promise<void>;
  update(ctx: SectionContext, id: string, values: Values): Promise<void>;
  remove(ctx: SectionContext, id: string): Promise<void>;
}

/** The document of a row, or null when it refers to what is gone (then any file differs from it). */
function documentOf<Row extends KeyedRow, Doc extends { key: string; name: string }, V>(
  kind: RowKind<Row, Doc, V>,
  row: Row,
  refs: BundleRefs,
): Doc | null {
  try {
    return kind.toDocument(row, refs, { file: `${kind.folder}/${row.key}.yaml` });
  } catch {
    return null;
  }
}

/** The top-level entries a file changes, for the plan's summary (`label`, `widgets`). */
function changedEntries(before: object | null, after: object): string[] {
  if (!before) return [];
  const was = before as Record<string, unknown>;
  return Object.entries(after)
    .filter(([key, value]) => key !== 'key' && key !== 'name' && canonicalJson(was[key]) !== canonicalJson(value))
    .map(([key]) => key);
}

/** A bundle section over one kind of keyed row: one file a row, `<folder>/<key>.yaml`. */
export function rowSection<Row extends KeyedRow, Doc extends { key: string; name: string }, Values>(
  kind: RowKind<Row, Doc, Values>,
): BundleSection<RowPayload<Values>> {
  return {
    name: kind.name,
    folder: kind.folder,
    noun: kind.noun,

    async export(ctx) {
      const refs = await sectionRefs(ctx);
      const rows = await kind.list(ctx);
      return rows.map((row) => {
        const file = `${kind.folder}/${row.key}.yaml`;
        return { path: file, content: toYaml(kind.toDocument(row, refs, { file })) };
      });
    },

    async plan(ctx, files: readonly BundleFile[]) {
      const refs = await sectionRefs(ctx);
      const rows = new Map((await kind.list(ctx)).map((row) => [row.key, row]));
      const steps: BundleStep<RowPayload<Values>>[] = [];
      const seen = new Set<string>();
      for (const file of files) {
        const site = { file: file.path };
        const doc = readDocument(file, kind.schema) as Doc;
        if (file.path !== `${kind.folder}/${doc.key}.yaml`)
          throw fileError(file.path, 'key', `the file of ${kind.noun} "${doc.key}" is ${kind.folder}/${doc.key}.yaml.`);
        seen.add(doc.key);
        const existing = rows.get(doc.key);
        const before = existing ? documentOf(kind, existing, refs) : null;
        if (before && canonicalJson(before) === canonicalJson(doc)) continue;
        const checked = await kind.check(ctx, kind.fromDocument(doc, refs, site), site);
        const id = existing?.id ?? uuidv7();
        if (!existing && kind.referencedAs) ctx.planned.add(kind.referencedAs, { key: doc.key, id, name: doc.name });
        const renamed = existing && existing.name !== doc.name;
        const changed = changedEntries(before, doc);
        steps.push({
          section: kind.name,
          kind: existing ? (renamed ? 'rename' : 'update') : 'create',
          target: `${kind.noun} ${doc.key}`,
          sql: [],
          summary: [
            existing
              ? renamed
                ? `Rename ${kind.noun} “${existing.name}” to “${doc.name}”.`
                : `Update ${kind.noun} “${doc.name}”.`
              : `Create ${kind.noun} “${doc.name}”.`,
            ...(changed.length ? [`Changes ${changed.join(', ')}.`] : []),
          ],
          impact: { affectedRows: null, droppedRows: null },
          warnings: [...(!existing && kind.createWarning ? [kind.createWarning] : []), ...checked.warnings],
          payload: { id, values: checked.values },
        });
      }
      const kept: string[] = [];
      for (const row of rows.values()) {
        if (seen.has(row.key)) continue;
        if (!ctx.prune(`${kind.noun} ${row.key}`)) {
          kept.push(`${kind.noun} ${row.key}`);
          continue;
        }
        steps.push({
          section: kind.name,
          kind: 'delete',
          target: `${kind.noun} ${row.key}`,
          sql: [],
          summary: [`Delete ${kind.noun} “${row.name}”.`],
          impact: { affectedRows: null, droppedRows: null },
          warnings: [],
          payload: { id: row.id, values: null as Values },
        });
      }
      return { steps, kept };
    },

    async apply(ctx, steps) {
      for (const step of steps) {
        const { id, values } = step.payload;
        if (step.kind === 'create') await kind.create(ctx, id, values);
        else if (step.kind === 'delete') await kind.remove(ctx, id);
        else await kind.update(ctx, id, values);
      }
    },
  };
}

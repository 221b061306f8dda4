import type { SqlExecutor } from '../db';
import { renameOptionLiterals } from '../expression-syntax';
import type { FormulaNode } from '../formula';
import { optionKey } from './select-options';
import type { FieldMetadata, WorkspaceSnapshot } from './types';

/** Renamed option values of one select field: old value -> new value. */
type Renames = ReadonlyMap<string, string>;

/** Option values a change renames, per select field id (options matched by their stable keys). */
export function optionRenames(before: WorkspaceSnapshot, after: WorkspaceSnapshot): Map<string, Renames> {
  const out = new Map<string, Renames>();
  for (const object of after.objects) {
    const was = before.objects.find((o) => o.id === object.id);
    for (const field of object.fields) {
      const then = was?.fields.find((f) => f.id === field.id);
      if (!then?.settings.options || !field.settings.options) continue;
      const renames = new Map<string, string>();
      for (const option of then.settings.options) {
        const now = field.settings.options.find((o) => optionKey(o) === optionKey(option));
        if (now && now.value !== option.value) renames.set(option.value, now.value);
      }
      if (renames.size > 0) out.set(field.id, renames);
    }
  }
  return out;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;

/** Every string of `value` that is a renamed option value, replaced (conditions, `in` lists, literal templates). */
const renamedValues = (value: unknown, renames: Renames): unknown =>
  typeof value === 'string'
    ? (renames.get(value) ?? value)
    : Array.isArray(value)
      ? value.map((item) => renamedValues(item, renames))
      : isRecord(value)
        ? Object.fromEntries(Object.entries(value).map(([key, item]) => [key, renamedValues(item, renames)]))
        : value;

/**
 * Stored JSON that names fields by id in its property names (segment and widget filters `f:<id>`,
 * workflow and webhook conditions `#<id>`, workflow step values `<id>`) with the values held
 * under a renamed select field's name renamed. Field ids are unique across objects, so nested
 * relation filters need no object context.
 */
export function carriedOptionValues(value: unknown, renames: ReadonlyMap<string, Renames>): unknown {
  if (Array.isArray(value)) return value.map((item) => carriedOptionValues(item, renames));
  if (!isRecord(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [key, item] of Object.entries(value)) {
    const id = UUID.exec(key)?.[0];
    const field = id === undefined ? undefined : renames.get(id);
    out[key] = field ? renamedValues(item, field) : carriedOptionValues(item, renames);
  }
  return { ...out };
}

/** A formula with string literals compared (`=`, `!=`) to a renamed select field renamed. */
function carriedFormula(node: FormulaNode, renames: ReadonlyMap<string, Renames>): FormulaNode {
  if (node.k !== 'op' && node.k !== 'call') return node;
  let args = node.args.map((arg) => carriedFormula(arg, renames));
  if (node.k === 'op' && (node.op === '=' || node.op === '!=')) {
    const ref = args.find((a) => a.k === 'ref');
    const field = ref?.k === 'ref' ? renames.get(ref.field) : undefined;
    if (field) args = args.map((a) => (a.k === 'str' ? { ...a, v: field.get(a.v) ?? a.v } : a));
  }
  return { ...node, args };
}

/** The formula fields of `after` whose literals follow the renames (to be written with the change). */
export function carriedFormulas(after: WorkspaceSnapshot, renames: ReadonlyMap<string, Renames>): FieldMetadata[] {
  if (renames.size === 0) return [];
  return after.objects.flatMap((object) =>
    object.fields.flatMap((field) => {
      const formula = field.type === 'FORMULA' ? field.settings.formula : undefined;
      if (!formula) return [];
      const expression = carriedFormula(formula.expression, renames);
      if (JSON.stringify(expression) === JSON.stringify(formula.expression)) return [];
      return [{ ...field, settings: { ...field.settings, formula: { ...formula, expression } } }];
    }),
  );
}

/**
 * A workflow definition with option values carried: conditions and step values as other JSON,
 * and the literals its expressions and templates (`when:` branches, `{{ }}`) compare to a
 * renamed field, in every string.
 */
function carriedDefinition(value: unknown, renames: ReadonlyMap<string, Renames>): unknown {
  const inStrings = (item: unknown): unknown =>
    typeof item === 'string'
      ? renameOptionLiterals(item, renames)
      : Array.isArray(item)
        ? item.map(inStrings)
        : isRecord(item)
          ? Object.fromEntries(Object.entries(item).map(([key, v]) => [key, inStrings(v)]))
          : item;
  return inStrings(carriedOptionValues(value, renames));
}

/** Where configuration outside the data model holds option values, and how it is read and written. */
const PLACES = [
  {
    what: 'segment',
    read: 'select id, name, filter as value from relata.segments where workspace_id = $1',
    write: 'update relata.segments t set filter = c.value, updated_at = now()',
  },
  {
    what: 'dashboard',
    read: 'select id, name, widgets as value from relata.dashboards where workspace_id = $1',
    write: 'update relata.dashboards t set widgets = c.value, updated_at = now()',
  },
  {
    what: 'webhook',
    read: 'select id, name, filter as value from relata.webhook_subscriptions where workspace_id = $1 and filter is not null',
    write: 'update relata.webhook_subscriptions t set filter = c.value, updated_at = now()',
  },
  {
    what: 'workflow draft',
    carry: carriedDefinition,
    read: 'select id, name, draft as value from relata.workflows where workspace_id = $1 and draft is not null',
    write: 'update relata.workflows t set draft = c.value',
  },
  {
    what: 'workflow version',
    carry: carriedDefinition,
    read: `select v.id, w.name || ' v' || v.version as name, v.definition as value from relata.workflow_versions v
             join relata.workflows w on w.id = v.workflow_id where w.workspace_id = $1`,
    write: 'update relata.workflow_versions t set definition = c.value',
  },
] as const;

/** Configuration rows whose option values a change carries: what they are (for the plan) and their new JSON. */
export interface OptionCarry {
  what: (typeof PLACES)[number]['what'];
  id: string;
  name: string;
  value: unknown;
}

/** Reads the configuration rows naming a renamed option value, with the value carried. */
export async function optionCarries(
  tx: SqlExecutor,
  workspaceId: string,
  renames: ReadonlyMap<string, Renames>,
): Promise<OptionCarry[]> {
  if (renames.size === 0) return [];
  const out: OptionCarry[] = [];
  for (const place of PLACES) {
    const { rows } = await tx.query<{ id: string; name: string; value: unknown }>(`${place.read} order by 2`, [
      workspaceId,
    ]);
    for (const row of rows) {
      const value = ('carry' in place ? place.carry : carriedOptionValues)(row.value, renames);
      if (JSON.stringify(value) !== JSON.stringify(row.value)) out.push({ what: place.what, ...row, value });
    }
  }
  return out;
}

/** Writes carried configuration rows, one statement per place that has any. */
export async function writeOptionCarries(tx: SqlExecutor, workspaceId: string, carries: OptionCarry[]): Promise<void> {
  for (const place of PLACES) {
    const rows = carries.filter((c) => c.what === place.what).map((c) => ({ id: c.id, value: c.value }));
    if (rows.length === 0) continue;
    const scope =
      place.what === 'workflow version'
        ? 'exists (select 1 from relata.workflows w where w.id = t.workflow_id and w.workspace_id = $1)'
        : 't.workspace_id = $1';
    await tx.query(
      `${place.write} from jsonb_to_recordset($2::jsonb) as c(id uuid, value jsonb) where ${scope} and t.id = c.id`,
      [workspaceId, JSON.stringify(rows)],
    );
  }
}

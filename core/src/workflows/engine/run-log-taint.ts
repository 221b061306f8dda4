import type { AnalysedDefinition } from '../model';

/** What the reader may not see, as stored definitions name it. */
export interface HiddenFields {
  /** Ids of the fields the reader cannot read (every field of an object it cannot read included). */
  ids: ReadonlySet<string>;
}

/**
 * A reference chain: a root (`record`, `previous`, `item`, `steps.<key>`), then members. Followed by
 * `.#<field id>` it reads one field (checked by id); otherwise it may be a whole record.
 */
const REFERENCE = /\b(record|previous|item|steps\.[A-Za-z][A-Za-z0-9_]*)((?:\.[A-Za-z_][A-Za-z0-9_]*)*)(\s*\.\s*#)?/g;
/** Members of step outputs that hold whole records. */
const RECORD_MEMBERS = new Set(['records', 'first', 'items']);

/** Whether a reference chain (not followed by a field id) may be a whole record: it then reads every field. */
function wholeRecord(root: string, members: string): boolean {
  const names = members.split('.').filter(Boolean);
  if (names.length === 0) return true;
  return root.startsWith('steps.') && RECORD_MEMBERS.has(names[names.length - 1]!);
}

const STEP_REFERENCE = /\bsteps\.([A-Za-z][A-Za-z0-9_]*)/g;
/** Fields are named by id in stored settings: `#<id>` in expressions, bare ids as keys of values and filters. */
const FIELD_ID = /([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})/g;

/**
 * Whether a stored setting's evaluated value may hold what the reader cannot read: it names a
 * hidden field, uses the output of a tainted step, or uses a whole record while some field is
 * hidden from the reader. Conservative by design: a false positive hides a value the reader could
 * have seen; a false negative would leak one.
 */
export function settingTainted(stored: unknown, hidden: HiddenFields, tainted: ReadonlySet<string>): boolean {
  if (stored === undefined || stored === null) return false;
  const text = typeof stored === 'string' ? stored : JSON.stringify(stored);
  for (const match of text.matchAll(FIELD_ID)) if (hidden.ids.has(match[1]!)) return true;
  for (const match of text.matchAll(STEP_REFERENCE)) if (tainted.has(match[1]!)) return true;
  if (hidden.ids.size === 0) return false;
  for (const match of text.matchAll(REFERENCE)) {
    if (!match[3] && wholeRecord(match[1]!, match[2] ?? '')) return true;
  }
  return false;
}

/** The steps whose settings are tainted for the reader, following step references until stable. */
export function taintedSteps(analysis: AnalysedDefinition, hidden: HiddenFields): Set<string> {
  const tainted = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const step of analysis.definition.steps) {
      if (tainted.has(step.key)) continue;
      if (Object.values(step.settings).some((value) => settingTainted(value, hidden, tainted))) {
        tainted.add(step.key);
        changed = true;
      }
    }
  }
  return tainted;
}

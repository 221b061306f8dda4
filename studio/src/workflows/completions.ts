import type { ExpressionFunction } from './workflows-api';

/** A name an expression may start from (`record`, `steps`...) and what follows its dot. */
export interface ScopeRoot {
  name: string;
  detail: string;
  members: readonly { name: string; detail: string }[];
}

export interface Completion {
  label: string;
  insert: string;
  detail: string;
}

/** What the caret's word may become, and where that word starts in the text. */
export interface CompletionResult {
  from: number;
  items: Completion[];
}

const MAX_ITEMS = 12;
const WORD = /[A-Za-z_$][\w$]*(?:\.[\w$]*)*$/;

/**
 * Completions at the end of `before` (the text up to the caret): members after `root.`, else
 * scope roots and functions. In a template only inside `{{ }}`, where expressions live.
 */
export function complete(
  before: string,
  mode: 'template' | 'expression',
  roots: readonly ScopeRoot[],
  functions: readonly ExpressionFunction[],
): CompletionResult | null {
  if (mode === 'template' && before.lastIndexOf('{{') <= before.lastIndexOf('}}')) return null;
  const word = WORD.exec(before)?.[0];
  if (!word) return null;
  const from = before.length - word.length;
  const dot = word.lastIndexOf('.');
  const prefix = word.slice(dot + 1).toLowerCase();
  let items: Completion[];
  if (dot < 0) {
    items = [
      ...roots.map((r) => ({ label: r.name, insert: r.name, detail: r.detail })),
      ...functions.map((f) => ({ label: `${f.name}()`, insert: `${f.name}(`, detail: f.description })),
    ].filter((c) => c.label.toLowerCase().startsWith(prefix));
  } else {
    const path = word.slice(0, dot);
    const root = roots.find((r) => r.name === path);
    items = (root?.members ?? [])
      .filter((m) => m.name.toLowerCase().startsWith(prefix))
      .map((m) => ({ label: m.name, insert: `${path}.${m.name}`, detail: m.detail }));
  }
  items = items.filter((c) => c.insert !== word).slice(0, MAX_ITEMS);
  return items.length ? { from, items } : null;
}

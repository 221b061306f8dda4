import type { SelectOption } from '../api/metadata-types';

/** A select option while the admin edits it. */
export interface OptionDraft {
  key: number;
  label: string;
  value: string;
  color: string;
  /** The stored value this option had when the editor opened (a rename carries records over). */
  original: string | null;
  valueEdited: boolean;
}

/** Drafts from stored options, in their order. */
export function toDrafts(options: SelectOption[] | null | undefined): OptionDraft[] {
  return [...(options ?? [])]
    .sort((a, b) => a.position - b.position)
    .map((o, i) => ({ key: i, label: o.label, value: o.value, color: o.color, original: o.value, valueEdited: true }));
}

/** The option list input: positions follow the list order; renamed values say what they replace. */
export function fromDrafts(drafts: OptionDraft[]) {
  return drafts.map((d, position) => ({
    value: d.value,
    label: d.label,
    color: d.color,
    position,
    ...(d.original && d.original !== d.value ? { renameFrom: d.original } : {}),
  }));
}

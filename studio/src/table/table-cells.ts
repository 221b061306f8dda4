import { h, type VNode } from 'vue';
import type { FieldMeta } from '../api/metadata-types';
import { findObject, titleField } from '../metadata/metadata-store';
import { formatValue, optionColour, recordTitle, selectOptions } from '../records/format';
import { plainText } from '../records/rich-text';
import type { RecordData } from '../records/selection';

/**
 * What a table column draws in a cell: plain elements built from values prepared once per column
 * (option labels and colours, the relation's target and title field, the formatters behind
 * `formatValue`), and each cell's text kept per record, so scrolling back over a row formats
 * nothing again. No component per cell: a cell is a few vnodes, its clicks handled by the table.
 */
export type CellContent = (record: RecordData) => VNode | VNode[] | string;

/**
 * `format` remembered per record object: a record replaced by an edit or a reload is a new
 * object, so it is formatted afresh.
 */
function perRecord(format: (record: RecordData) => string): (record: RecordData) => string {
  const done = new WeakMap<RecordData, string>();
  return (record) => {
    let text = done.get(record);
    if (text === undefined) {
      text = format(record);
      done.set(record, text);
    }
    return text;
  };
}

const empty = () => h('span', { class: 'cv-empty' }, '—');

function optionCell(field: FieldMeta): CellContent {
  const tags = new Map(
    selectOptions(field).map((o) => [
      o.value,
      { label: o.label, style: { '--c': optionColour(o.color) } as Record<string, string> },
    ]),
  );
  const tag = (value: string) => {
    const t = tags.get(value) ?? { label: value, style: { '--c': optionColour(null) } };
    return h('span', { class: 'cv-tag', style: t.style }, t.label);
  };
  return (record) => {
    const value = record[field.name];
    if (Array.isArray(value)) return value.length ? value.map((v) => tag(String(v))) : empty();
    return value === null || value === undefined || value === '' ? empty() : tag(String(value));
  };
}

function relationCell(field: FieldMeta): CellContent {
  const target = field.settings.relation?.target ? findObject(field.settings.relation.target) : undefined;
  const title = target ? titleField(target) : undefined;
  const chip = (r: Record<string, unknown>) =>
    // A plain link: the table's one click handler navigates in the app.
    h(
      'a',
      { class: 'cv-chip', 'data-nav': '', href: `/o/${target?.namePlural ?? ''}/${String(r.id)}` },
      recordTitle(title, r),
    );
  return (record) => {
    const value = record[field.name] as
      | (Record<string, unknown> & { nodes?: Record<string, unknown>[]; totalCount?: number })
      | null;
    if (!value) return empty();
    const nodes = value.nodes ?? [value];
    if (!nodes.length) return empty();
    const more = value.nodes && value.totalCount ? value.totalCount - value.nodes.length : 0;
    const chips = nodes.map(chip);
    return more > 0 ? [...chips, h('span', { class: 'r-muted' }, `+${more}`)] : chips;
  };
}

function linkCell(field: FieldMeta): CellContent {
  const format = perRecord((record) => formatValue(field, record[field.name]));
  return (record) => {
    const text = format(record);
    if (!text) return empty();
    const href =
      field.type === 'EMAIL' ? `mailto:${text}` : field.type === 'PHONE' ? `tel:${text.replace(/[^+0-9]/g, '')}` : text;
    const shown = field.type === 'URL' ? text.replace(/^https?:\/\//, '') : text;
    const attrs: Record<string, string> = { class: 'r-link cv-text', href };
    if (field.type === 'URL') Object.assign(attrs, { target: '_blank', rel: 'noopener' });
    if (field.type === 'PHONE') attrs['data-test'] = 'phone-link';
    return h('a', attrs, shown);
  };
}

function textCell(field: FieldMeta): CellContent {
  const numeric =
    field.type === 'NUMBER' ||
    field.type === 'CURRENCY' ||
    ['NUMBER', 'CURRENCY'].includes(field.formula?.resultType ?? '');
  const read =
    field.type === 'RICH_TEXT' ? (v: unknown) => plainText(String(v ?? '')) : (v: unknown) => formatValue(field, v);
  const format = perRecord((record) => read(record[field.name]));
  return (record) => {
    const text = format(record);
    if (text === '') return empty();
    return h('span', numeric ? { class: 'cv-num' } : { class: 'cv-text', title: text }, text);
  };
}

function booleanCell(field: FieldMeta): CellContent {
  return (record) => (record[field.name] ? h('span', { class: 'cv-yes' }, '✓') : empty());
}

function ratingCell(field: FieldMeta): CellContent {
  const max = field.settings.maxRating ?? 5;
  return (record) => {
    const lit = Math.max(0, Math.min(max, Number(record[field.name] ?? 0)));
    return h('span', { class: 'cv-stars', 'aria-label': `${lit} of ${max}` }, [
      h('span', { class: 'lit' }, '★'.repeat(lit)),
      '★'.repeat(max - lit),
    ]);
  };
}

/** The cell content of `field` for any record, prepared once per column (see CellContent). */
export function columnCells(field: FieldMeta): CellContent {
  switch (field.type) {
    case 'SELECT':
    case 'MULTI_SELECT':
      return optionCell(field);
    case 'RELATION':
      return relationCell(field);
    case 'EMAIL':
    case 'PHONE':
    case 'URL':
      return linkCell(field);
    case 'BOOLEAN':
      return booleanCell(field);
    case 'RATING':
      return ratingCell(field);
    default:
      return textCell(field);
  }
}

import { type Ref, ref } from 'vue';
import type { FieldInput, MetadataMutation } from '../api/metadata-api';
import type { ComputedResultType, FieldMeta, ObjectMeta } from '../api/metadata-types';
import { findObject, inverseRelations } from '../metadata/metadata-store';
import { groupFromFilter } from '../records/filter-from-api';
import { compileFilter, type Group, newGroup } from '../records/filter-model';
import { useComputedCheck } from './formula-check';

/**
 * The draft of a FORMULA or ROLLUP field in the field dialog: its settings, what they add to the
 * field input, and a live server check of them (`mutation` builds the dry-run change).
 */
export function useComputedDraft(object: () => ObjectMeta, type: Ref<string>, mutation: () => MetadataMutation) {
  const expression = ref('');
  const resultType = ref<ComputedResultType>('NUMBER');
  const relation = ref<string | null>(null);
  const fn = ref('COUNT');
  const field = ref<string | null>(null);
  const filter = ref<Group>(newGroup());
  /** A stored filter the builder cannot show: kept as it is unless the admin clears it. */
  const keptFilter = ref<Record<string, unknown> | null>(null);

  function relatedFields() {
    const name = relation.value;
    const inverse = inverseRelations(object()).find((r) => r.name === name);
    if (inverse) return inverse.owner.fields;
    const own = object().fields.find((f) => f.name === name);
    return findObject(own?.settings.relation?.target ?? '')?.fields ?? [];
  }

  function load(from: FieldMeta | null): void {
    expression.value = from?.formula?.expression ?? '';
    resultType.value = from?.formula?.resultType ?? 'NUMBER';
    relation.value = from?.rollup?.relation ?? null;
    fn.value = from?.rollup?.function ?? 'COUNT';
    field.value = from?.rollup?.field ?? null;
    const group = groupFromFilter(from?.rollup?.filter ?? null, relatedFields());
    filter.value = group ?? newGroup();
    keptFilter.value = group ? null : ((from?.rollup?.filter as Record<string, unknown> | undefined) ?? null);
  }

  /** The formula / roll-up keys of the field input for the current type. */
  function input(): Pick<FieldInput, 'formula' | 'rollup'> {
    if (type.value === 'FORMULA') return { formula: { expression: expression.value, resultType: resultType.value } };
    if (type.value !== 'ROLLUP') return {};
    const built = compileFilter(filter.value, relatedFields());
    return {
      rollup: {
        relation: relation.value ?? '',
        function: fn.value,
        field: fn.value === 'COUNT' ? null : field.value,
        filter: (built as Record<string, unknown> | null) ?? keptFilter.value,
      },
    };
  }

  const complete = () =>
    type.value === 'FORMULA'
      ? expression.value.trim() !== ''
      : type.value === 'ROLLUP' && !!relation.value && (fn.value === 'COUNT' || !!field.value);
  const check = useComputedCheck(() => (complete() ? mutation() : null));

  return { expression, resultType, relation, fn, field, filter, keptFilter, load, input, ...check };
}

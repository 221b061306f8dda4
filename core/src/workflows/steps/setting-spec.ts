import type { TypeKind } from '../expressions';

/**
 * What one setting of a step holds. The model walks settings by their spec to check them and to
 * turn names into stable ids (and back), so a step type declares data, not code.
 */
export type SettingSpec = { optional?: boolean; label?: string } & (
  | { kind: 'text'; max?: number }
  | { kind: 'number'; min: number; max: number }
  | { kind: 'choice'; options: readonly string[] }
  /** A template (`Hi {{ record.name }}`); `expect`: kinds a lone `{{ expr }}` may give. */
  | { kind: 'template'; expect?: readonly TypeKind[] }
  /** An expression of one of the `expect` kinds. */
  | { kind: 'expression'; expect?: readonly TypeKind[] }
  /** An object by name in the API, by id when stored. `fixed`: this object only (e.g. `task`). */
  | { kind: 'object'; fixed?: string }
  /** Field name -> template for the object named by the setting `object`; stored by field id. */
  | { kind: 'values'; object: string }
  /** A condition in the API's filter language on the object of setting `object`; string leaves may be templates. */
  | { kind: 'filter'; object: string }
  /** Name -> template (HTTP headers). */
  | { kind: 'templates' }
  /** Texts (user ids of a round robin...). */
  | { kind: 'texts'; max: number }
  /** The key of another step: an edge of the graph. */
  | { kind: 'step' }
  /** `[{ when: expression, next: step }]`: edges taken when their condition holds, first first. */
  | { kind: 'branches' }
);

export type SettingSpecs = Readonly<Record<string, SettingSpec>>;

import type { ObjectMetadata, WorkspaceSnapshot } from '../../metadata';
import type { ExprType } from '../expressions';
import type { SettingSpecs } from './setting-spec';

/** Settings after checking, with objects resolved (the output type of a step depends on them). */
export interface ResolvedSettings {
  readonly values: Readonly<Record<string, unknown>>;
  /** Objects named by `object` settings, by setting name. */
  readonly objects: ReadonlyMap<string, ObjectMetadata>;
  /** Types of the `expression` and `template` settings, by setting name. */
  readonly types: ReadonlyMap<string, ExprType>;
}

/** One kind of step a workflow can hold: its settings and what it gives later steps. */
export interface StepType {
  /** Stable type name stored in definitions: `create_record`, `plugin:<plugin>.<action>`. */
  type: string;
  label: string;
  description: string;
  settings: SettingSpecs;
  /** The type of the step's output, as later steps' expressions see it under `steps.<key>`. */
  output(settings: ResolvedSettings, snapshot: WorkspaceSnapshot): ExprType;
  /** Refuses a step the workspace cannot run (e.g. no `task` object), naming what is missing. */
  available?(snapshot: WorkspaceSnapshot): string | null;
  /** A plugin action's message, recorded on the timeline after each successful call. */
  message?: OutboundMessageInputs;
}

/**
 * Actions plugins offer as workflow steps (the plugins helper implements this over its sandbox;
 * the runtime wires it in). Names are `<plugin>.<action>`; input settings are templates.
 */
export interface ExternalActions {
  list(workspaceId: string): Promise<ExternalActionInfo[]>;
  run(workspaceId: string, name: string, input: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export interface ExternalActionInfo {
  /** `<plugin>.<action>`. */
  name: string;
  label: string;
  description: string;
  /** Input names the action takes; each is a template setting. */
  inputs: readonly { name: string; label: string; optional: boolean }[];
  /** The message a successful call sends, by input names: the host records it on the timeline. */
  message?: OutboundMessageInputs;
}

/** Which inputs of a plugin action are the recipient and the text of the message it sends. */
export interface OutboundMessageInputs {
  channel: 'SMS';
  to: string;
  body: string;
  /** The output key holding the provider's message id. */
  id?: string;
}

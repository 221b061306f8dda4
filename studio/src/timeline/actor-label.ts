import type { ActorName } from '../activities/activities-api';
import type { ActorRef } from './timeline-sources';

const CHANNELS: Record<string, string> = {
  workflow: 'A workflow',
  plugin: 'A plugin',
  'recycle-bin': 'The recycle bin',
  system: 'Relata',
};

/**
 * Who did it, in words: the member's name, the API key's name, or the channel that wrote it
 * (a workflow, a plugin, an import by a member); a plugin writing as itself is named.
 */
export function actorLabel(actor: ActorRef, names: Map<string, ActorName>): string {
  const named = actor.id ? names.get(actor.id) : undefined;
  if (named?.kind === 'plugin') return `Plugin “${named.name}”`;
  // A workflow writes with its run as actor: “Workflow “Won deals” version 2 run …”.
  if (named?.kind === 'workflowRun') return `Workflow ${named.name}`;
  const channel = actor.via ? CHANNELS[actor.via] : undefined;
  if (channel) return channel;
  const who = named
    ? named.kind === 'apiKey'
      ? `API key “${named.name}”`
      : named.name
    : actor.kind === 'apiKey'
      ? 'An API key'
      : actor.id
        ? 'A former member'
        : 'Relata';
  return actor.via === 'import' ? `Import by ${who}` : who;
}

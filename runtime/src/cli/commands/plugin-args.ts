import { parseArgs } from 'node:util';
import { UsageError } from '../cli-errors';

const ACTIONS = ['install', 'upgrade', 'list', 'enable', 'disable', 'configure', 'uninstall'] as const;
type PluginAction = (typeof ACTIONS)[number];

const OPTIONS = {
  workspace: { type: 'string' },
  approve: { type: 'boolean' },
  disabled: { type: 'boolean' },
  integrity: { type: 'string' },
  set: { type: 'string', multiple: true },
  'remove-data': { type: 'boolean' },
} as const;

/** Which options each action takes (others are usage errors, as everywhere in the CLI). */
const ALLOWED: Record<PluginAction, ReadonlyArray<keyof typeof OPTIONS>> = {
  install: ['workspace', 'approve', 'disabled', 'integrity'],
  upgrade: ['workspace', 'approve', 'integrity'],
  list: ['workspace'],
  enable: ['workspace'],
  disable: ['workspace'],
  configure: ['workspace', 'set'],
  uninstall: ['workspace', 'remove-data'],
};

/** Parses `relata plugin <action> [target] [options]` strictly; `target` is a path or a plugin name. */
export function parsePluginArgs(action: string | undefined, args: string[], usage: string) {
  if (!action || !(ACTIONS as readonly string[]).includes(action)) throw new UsageError(usage);
  const known = action as PluginAction;
  const { values, positionals } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: true });
  for (const option of Object.keys(values)) {
    if (!ALLOWED[known].includes(option as keyof typeof OPTIONS)) {
      throw new UsageError(`relata plugin ${known} takes no --${option}.`);
    }
  }
  const wantsTarget = known !== 'list';
  if (positionals.length !== (wantsTarget ? 1 : 0)) {
    const what = known === 'install' || known === 'upgrade' ? 'a .tgz file or a folder' : 'a plugin name';
    throw new UsageError(wantsTarget ? `relata plugin ${known} takes ${what}.` : usage);
  }
  return { action: known, target: positionals[0] ?? '', values };
}

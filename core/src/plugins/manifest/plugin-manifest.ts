import semver from 'semver';
import { z } from 'zod';
import { badInput } from '../../errors';
import { API_NAME, createFieldInput, createObjectInput, parseInput } from '../../metadata';
import { keyedContributionError } from './contribution-keys';
import { NO_SETTINGS, settingsSchema } from './settings-schema';

/** The version of the plugin API this host offers; a manifest's `engine` range must include it. */
export const PLUGIN_ENGINE_VERSION = '1.0.0';

export const HOOK_EVENTS = [
  'beforeCreate',
  'beforeUpdate',
  'beforeDelete',
  'afterCreate',
  'afterUpdate',
  'afterDelete',
] as const;
export type HookEvent = (typeof HOOK_EVENTS)[number];

const apiName = z.string().regex(API_NAME, 'Use the camelCase API name (e.g. "contact", "dealStage").').max(60);
const entryName = z
  .string()
  .regex(/^[a-z][a-zA-Z0-9]{0,59}$/, 'Use a camelCase name: a lower-case letter first, then letters and digits.');
const text = z.string().max(2000);

/** An object the plugin may use: all of its fields, or only those listed. */
const objectGrant = z.union([
  apiName,
  z.strictObject({ object: apiName, fields: z.array(apiName).min(1, 'List at least one field.').max(500) }),
]);
export type ObjectGrant = z.infer<typeof objectGrant>;

/** A host name `ctx.http.fetch` may reach: exact, or every sub-domain with `*.`; never an address or port. */
const httpHost = z
  .string()
  .toLowerCase()
  .regex(
    /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/,
    'Give a host name such as "api.example.com" or "*.example.com" (no scheme, port, path or IP address).',
  );

/** JSON Schema of an action's input or output, checked by compiling it (local `$ref`s only). */
const jsonSchema = z.record(z.string(), z.unknown()).superRefine((schema, ctx) => {
  try {
    z.fromJSONSchema(schema);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `Not a usable JSON Schema: ${(error as Error).message}` });
  }
});

/** An object in the metadata bundle's form (`applyBundle`): its identity and the fields listed. */
const bundleObject = createObjectInput.extend({ fields: z.array(createFieldInput).optional() });

const permissions = z.strictObject({
  read: z.array(objectGrant).max(100).default([]),
  write: z.array(objectGrant).max(100).default([]),
  http: z.array(httpHost).max(50).default([]),
});

const contributes = z.strictObject({
  hooks: z
    .array(z.strictObject({ object: apiName, on: z.enum(HOOK_EVENTS) }))
    .max(100)
    .default([]),
  actions: z
    .array(
      z
        .strictObject({
          name: entryName,
          title: text.optional(),
          description: text.optional(),
          input: jsonSchema.default({ type: 'object' }),
          output: jsonSchema.default({}),
          /**
           * The action sends a message: each successful call from a workflow is recorded by the host
           * as an outbound message on the timeline, from the step's inputs named here (the plugin
           * writes nothing it was not granted); `id` names the output key of the provider's id. Only
           * SMS so far (issue 15).
           */
          message: z
            .strictObject({ channel: z.literal('SMS'), to: entryName, body: entryName, id: entryName.optional() })
            .optional(),
        })
        .superRefine((action, ctx) => {
          // The host records the message from these inputs: they must be inputs the step has.
          const inputs = Object.keys((action.input as { properties?: object }).properties ?? {});
          for (const part of ['to', 'body'] as const) {
            const name = action.message?.[part];
            if (name !== undefined && !inputs.includes(name))
              ctx.addIssue({
                code: 'custom',
                path: ['message', part],
                message: `Name one of the action's inputs (${inputs.join(', ') || 'it has none'}).`,
              });
          }
        }),
    )
    .max(100)
    .default([]),
  schedules: z
    .array(
      z.strictObject({
        name: entryName,
        cron: z
          .string()
          .regex(
            /^([0-9*/,-]+\s+){4}[0-9*/,-]+$/,
            'Give five cron fields: minute hour day-of-month month day-of-week (e.g. "0 3 * * *").',
          ),
        title: text.optional(),
      }),
    )
    .max(20)
    .default([]),
  objects: z.array(bundleObject).max(20).default([]),
  fields: z
    .array(createFieldInput.extend({ object: apiName }))
    .max(200)
    .default([]),
});

const manifestSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[a-z][a-z0-9-]{0,62}[a-z0-9]$/, 'Use lower-case letters, digits and dashes (e.g. "sla-timer").'),
    version: z.string().refine((it) => semver.valid(it) !== null, 'Give a semantic version such as "1.2.0".'),
    engine: z.string().refine((it) => semver.validRange(it) !== null, 'Give a semver range such as "^1".'),
    title: z.string().max(120).optional(),
    description: text.optional(),
    /** The bundled entry, relative to the package root. */
    entry: z
      .string()
      .regex(/^(?!\/)(?!.*\.\.)[\w./-]+\.c?js$/, 'Give a relative path to a .js file inside the package.')
      .default('dist/plugin.js'),
    permissions: permissions.default({ read: [], write: [], http: [] }),
    settings: settingsSchema.default(NO_SETTINGS),
    contributes: contributes.default({ hooks: [], actions: [], schedules: [], objects: [], fields: [] }),
    /**
     * The objects and fields the plugin works on, as a fragment of a metadata bundle: on install,
     * what the workspace lacks of them is added (shown in the plan first); what it has is reused
     * (a template's `case` serves the plugin as it is). They stay the workspace's: they grant the
     * plugin nothing beyond `permissions`, and an uninstall never removes them.
     */
    requires: z.strictObject({ objects: z.array(bundleObject).max(20).default([]) }).default({ objects: [] }),
  })
  .superRefine((manifest, ctx) => {
    const granted = new Set<string>();
    for (const kind of ['read', 'write'] as const) {
      const seen = new Set<string>();
      for (const [index, grant] of manifest.permissions[kind].entries()) {
        const object = grantedObject(grant);
        if (seen.has(object)) {
          ctx.addIssue({ code: 'custom', path: ['permissions', kind, index], message: `"${object}" is listed twice.` });
        }
        seen.add(object);
        granted.add(object);
      }
    }
    for (const object of manifest.contributes.objects) granted.add(object.nameSingular);
    const own = new Set(manifest.contributes.objects.map((it) => it.nameSingular));
    for (const [index, object] of manifest.requires.objects.entries()) {
      if (own.has(object.nameSingular)) {
        ctx.addIssue({
          code: 'custom',
          path: ['requires', 'objects', index, 'nameSingular'],
          message: `"${object.nameSingular}" is the plugin's own object (contributes.objects); list it once.`,
        });
      }
    }
    for (const [index, hook] of manifest.contributes.hooks.entries()) {
      if (!granted.has(hook.object)) {
        ctx.addIssue({
          code: 'custom',
          path: ['contributes', 'hooks', index, 'object'],
          message: `A hook on "${hook.object}" needs "${hook.object}" in permissions.read or permissions.write.`,
        });
      }
    }
    const hookKeys = manifest.contributes.hooks.map((it) => `${it.object}.${it.on}`);
    uniqueNames(ctx, ['contributes', 'hooks'], hookKeys);
    uniqueNames(
      ctx,
      ['contributes', 'actions'],
      manifest.contributes.actions.map((it) => it.name),
    );
    uniqueNames(
      ctx,
      ['contributes', 'schedules'],
      manifest.contributes.schedules.map((it) => it.name),
    );
  });

export type PluginManifest = z.infer<typeof manifestSchema>;
/** What an author writes (defaults not yet applied). */
export type PluginManifestInput = z.input<typeof manifestSchema>;

export function grantedObject(grant: ObjectGrant): string {
  return typeof grant === 'string' ? grant : grant.object;
}

function uniqueNames(ctx: z.RefinementCtx, path: string[], names: string[]): void {
  const seen = new Set<string>();
  for (const [index, name] of names.entries()) {
    if (seen.has(name))
      ctx.addIssue({ code: 'custom', path: [...path, index], message: `"${name}" is declared twice.` });
    seen.add(name);
  }
}

/**
 * The manifest of a plugin package: the `relata` key of its package.json, validated, with
 * defaults applied. Errors are BAD_USER_INPUT naming the key (`relata.permissions.http[1]`).
 */
export function parsePluginManifest(packageJson: unknown): PluginManifest {
  if (packageJson === null || typeof packageJson !== 'object' || !Object.hasOwn(packageJson, 'relata')) {
    throw badInput('relata', 'relata: package.json has no "relata" key: a plugin declares its manifest there.');
  }
  const relata = (packageJson as { relata: unknown }).relata;
  let manifest: PluginManifest;
  try {
    manifest = parseInput(manifestSchema, relata, 'relata');
  } catch (error) {
    throw keyedContributionError(error, relata);
  }
  const packageVersion = (packageJson as { version?: unknown }).version;
  if (packageVersion !== undefined && packageVersion !== manifest.version) {
    throw badInput(
      'relata.version',
      `relata.version: ${manifest.version} differs from the package's version ${String(packageVersion)}.`,
    );
  }
  return manifest;
}

/** Refuses a plugin whose `engine` range excludes this host's plugin API. */
export function assertEngineSupported(manifest: PluginManifest): void {
  if (!semver.satisfies(PLUGIN_ENGINE_VERSION, manifest.engine)) {
    throw badInput(
      'relata.engine',
      `relata.engine: the plugin needs plugin API ${manifest.engine}; this Relata offers ${PLUGIN_ENGINE_VERSION}.`,
    );
  }
}

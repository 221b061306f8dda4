import { describe, expect, test } from 'vitest';
import { assertEngineSupported, parsePluginManifest, secretSettingKeys, settingsValues } from '.';

const valid = {
  name: 'sms-channel',
  version: '1.2.0',
  engine: '^1',
  permissions: {
    read: ['contact', { object: 'message', fields: ['body', 'sentAt'] }],
    write: ['message'],
    http: ['api.sms.example.com', '*.provider.example'],
  },
  settings: {
    type: 'object',
    properties: {
      apiKey: { type: 'string', title: 'API key', secret: true },
      sender: { type: 'string', pattern: '^\\+?[0-9]{5,15}$', default: '+15550100' },
      retries: { type: 'integer', minimum: 0, maximum: 5, default: 2 },
    },
    required: ['apiKey'],
  },
  contributes: {
    hooks: [{ object: 'contact', on: 'beforeUpdate' }],
    actions: [
      {
        name: 'sendSms',
        input: { type: 'object', properties: { to: { type: 'string' } }, required: ['to'] },
        output: { type: 'object', properties: { id: { type: 'string' } } },
      },
    ],
    schedules: [{ name: 'retryFailed', cron: '*/15 * * * *' }],
    objects: [
      {
        nameSingular: 'message',
        namePlural: 'messages',
        labelSingular: 'Message',
        labelPlural: 'Messages',
        fields: [{ name: 'body', label: 'Body', type: 'TEXT' }],
      },
    ],
    fields: [{ object: 'contact', name: 'smsOptIn', label: 'SMS opt-in', type: 'BOOLEAN' }],
  },
};

const withRelata = (relata: unknown, extra: Record<string, unknown> = {}) => ({ name: '@acme/sms', ...extra, relata });

/** The `field` of the BAD_USER_INPUT error `parsePluginManifest` throws for `relata`. */
function fieldOf(relata: unknown, extra?: Record<string, unknown>): string | undefined {
  try {
    parsePluginManifest(withRelata(relata, extra));
  } catch (error) {
    expect(error).toMatchObject({ code: 'BAD_USER_INPUT' });
    return (error as { details: { field?: string } }).details.field;
  }
  throw new Error('the manifest was accepted');
}

describe('plugin manifest', () => {
  test('a complete manifest parses, with defaults applied', () => {
    const manifest = parsePluginManifest(withRelata(valid, { version: '1.2.0' }));
    expect(manifest.entry).toBe('dist/plugin.js');
    expect(manifest.permissions.http).toEqual(['api.sms.example.com', '*.provider.example']);
    expect(manifest.contributes.actions[0]?.name).toBe('sendSms');
    const minimal = parsePluginManifest(withRelata({ name: 'tiny', version: '0.1.0', engine: '>=1' }));
    expect(minimal.permissions).toEqual({ read: [], write: [], http: [] });
    expect(minimal.contributes.hooks).toEqual([]);
  });

  test('every problem names its key', () => {
    expect(() => parsePluginManifest({ name: 'x' })).toThrow(/no "relata" key/);
    expect(fieldOf({ ...valid, name: 'SMS Channel' })).toBe('relata.name');
    expect(fieldOf({ ...valid, version: 'one' })).toBe('relata.version');
    expect(fieldOf({ ...valid, engine: 'latest!' })).toBe('relata.engine');
    expect(fieldOf({ ...valid, extra: true })).toBe('relata');
    expect(fieldOf({ ...valid, entry: '../outside.js' })).toBe('relata.entry');
    expect(fieldOf(valid, { version: '2.0.0' })).toBe('relata.version');
  });

  test('HTTP hosts are host names only: no address, scheme, port or path', () => {
    for (const host of ['10.0.0.1', 'https://api.example.com', 'api.example.com:8443', 'example.com/x', 'localhost']) {
      const permissions = { ...valid.permissions, http: ['ok.example.com', host] };
      expect(fieldOf({ ...valid, permissions })).toBe('relata.permissions.http[1]');
    }
  });

  test('grants are object API names, each object listed once per kind', () => {
    expect(fieldOf({ ...valid, permissions: { read: ['Contact'] } })).toBe('relata.permissions.read[0]');
    expect(fieldOf({ ...valid, permissions: { read: ['contact', { object: 'contact', fields: ['email'] }] } })).toBe(
      'relata.permissions.read[1]',
    );
    expect(fieldOf({ ...valid, permissions: { write: [{ object: 'contact', fields: [] }] } })).toBe(
      'relata.permissions.write[0].fields',
    );
  });

  test('a hook needs its object granted or contributed; duplicates are refused', () => {
    const hooks = [{ object: 'invoice', on: 'beforeCreate' }];
    expect(fieldOf({ ...valid, contributes: { ...valid.contributes, hooks } })).toBe(
      'relata.contributes.hooks[0].object',
    );
    const onOwnObject = [{ object: 'message', on: 'afterCreate' }];
    const manifest = parsePluginManifest(
      withRelata({ ...valid, permissions: {}, contributes: { ...valid.contributes, hooks: onOwnObject } }),
    );
    expect(manifest.contributes.hooks).toEqual(onOwnObject);
    const twice = [...valid.contributes.actions, ...valid.contributes.actions];
    expect(fieldOf({ ...valid, contributes: { ...valid.contributes, actions: twice } })).toBe(
      'relata.contributes.actions[1]',
    );
    expect(fieldOf({ ...valid, contributes: { hooks: [{ object: 'contact', on: 'beforeSave' }] } })).toBe(
      'relata.contributes.hooks[0].on',
    );
  });

  test('actions carry usable JSON Schemas; schedules a five-field cron', () => {
    const actions = [{ name: 'x', input: { type: 'nonsense' } }];
    expect(fieldOf({ ...valid, contributes: { actions } })).toBe('relata.contributes.actions[0].input');
    const remote = [{ name: 'x', input: { $ref: 'https://evil.example/schema.json' } }];
    expect(fieldOf({ ...valid, contributes: { actions: remote } })).toBe('relata.contributes.actions[0].input');
    const schedules = [{ name: 'nightly', cron: 'every night' }];
    expect(fieldOf({ ...valid, contributes: { schedules } })).toBe('relata.contributes.schedules[0].cron');
  });

  test('an action declaring the message it sends names its recipient and text among its inputs', () => {
    const input = { type: 'object', properties: { to: { type: 'string' }, text: { type: 'string' } } };
    const declared = [{ name: 'x', input, message: { channel: 'SMS', to: 'to', body: 'text', id: 'providerId' } }];
    const manifest = parsePluginManifest(withRelata({ ...valid, contributes: { actions: declared } }));
    expect(manifest.contributes.actions[0]?.message).toEqual(declared[0]!.message);
    const unknown = [{ name: 'x', input, message: { channel: 'SMS', to: 'to', body: 'body' } }];
    expect(fieldOf({ ...valid, contributes: { actions: unknown } })).toBe('relata.contributes.actions[0].message.body');
    const email = [{ name: 'x', input, message: { channel: 'EMAIL', to: 'to', body: 'text' } }];
    expect(fieldOf({ ...valid, contributes: { actions: email } })).toBe(
      'relata.contributes.actions[0].message.channel',
    );
  });

  test('contributed objects and fields are checked like metadata API input, named by their keys', () => {
    const fields = [
      { object: 'contact', name: 'score', label: 'Score', type: 'NUMBER' },
      { object: 'contact', name: 'optIn', label: 'x', type: 'SWITCH' },
    ];
    expect(fieldOf({ ...valid, contributes: { fields } })).toBe('relata.contributes.fields.contact.optIn.type');
    const badName = [{ object: 'contact', name: 'sms opt in', label: 'x', type: 'BOOLEAN' }];
    // A name that is itself wrong cannot name the entry: its position does.
    expect(fieldOf({ ...valid, contributes: { fields: badName } })).toBe('relata.contributes.fields[0].name');
    const objects = [
      {
        ...valid.contributes.objects[0],
        fields: [
          { name: 'subject', label: 'Subject', type: 'TEXT' },
          { name: 'body', label: 'Body', type: 'BLOB' },
        ],
      },
    ];
    expect(fieldOf({ ...valid, contributes: { objects } })).toBe('relata.contributes.objects.message.fields.body.type');
  });

  test("required objects are a metadata bundle fragment, named by their keys, never also the plugin's own", () => {
    const caseObject = (fields: unknown[]) => ({
      nameSingular: 'case',
      namePlural: 'cases',
      labelSingular: 'Case',
      labelPlural: 'Cases',
      fields,
    });
    const required = parsePluginManifest(
      withRelata({
        ...valid,
        requires: { objects: [caseObject([{ name: 'dueBy', label: 'Due', type: 'DATE_TIME' }])] },
      }),
    );
    expect(required.requires.objects[0]?.fields).toEqual([expect.objectContaining({ name: 'dueBy' })]);
    expect(parsePluginManifest(withRelata(valid)).requires).toEqual({ objects: [] });
    const badType = { objects: [caseObject([{ name: 'priority', label: 'Priority', type: 'PICKLIST' }])] };
    expect(fieldOf({ ...valid, requires: badType })).toBe('relata.requires.objects.case.fields.priority.type');
    const own = { objects: [{ ...valid.contributes.objects[0], fields: [] }] };
    expect(fieldOf({ ...valid, requires: own })).toBe('relata.requires.objects.message.nameSingular');
  });

  test('settings are a flat form schema; secrets have no default', () => {
    const secretDefault = { type: 'object', properties: { apiKey: { type: 'string', secret: true, default: 'k' } } };
    expect(fieldOf({ ...valid, settings: secretDefault })).toBe('relata.settings.properties.apiKey.default');
    const nested = { type: 'object', properties: { deep: { type: 'object', properties: {} } } };
    expect(fieldOf({ ...valid, settings: nested })).toBe('relata.settings.properties.deep.type');
    const undeclared = { type: 'object', properties: {}, required: ['ghost'] };
    expect(fieldOf({ ...valid, settings: undeclared })).toBe('relata.settings.required[0]');
    const badPattern = { type: 'object', properties: { p: { type: 'string', pattern: '(' } } };
    expect(fieldOf({ ...valid, settings: badPattern })).toBe('relata.settings.properties.p.pattern');
  });

  test('settings values are checked against the declared schema', () => {
    const { settings } = parsePluginManifest(withRelata(valid));
    expect(secretSettingKeys(settings)).toEqual(['apiKey']);
    const values = settingsValues(settings);
    expect(values.safeParse({ apiKey: 'k', retries: 3 }).success).toBe(true);
    expect(values.safeParse({ retries: 3 }).success).toBe(false);
    expect(values.safeParse({ apiKey: 'k', retries: 9 }).success).toBe(false);
    expect(values.safeParse({ apiKey: 'k', sender: 'abc' }).success).toBe(false);
    expect(values.safeParse({ apiKey: 'k', unknown: 1 }).success).toBe(false);
  });

  test('the engine range must include this host', () => {
    expect(() => assertEngineSupported(parsePluginManifest(withRelata(valid)))).not.toThrow();
    const future = parsePluginManifest(withRelata({ ...valid, engine: '^2' }));
    expect(() => assertEngineSupported(future)).toThrow(/relata.engine: the plugin needs plugin API \^2/);
  });
});

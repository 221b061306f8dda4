import { ConfigError } from '../config';
import { exitCodeFor, relataCode, UsageError } from './cli-errors';

const USAGE = `Usage: relata <command>

  start                                   start the server (first run: demo workspace + admin)
  worker [--concurrency N]                work the job queue only (no HTTP), beside the servers
  migrate                                 bring the system schema and the job queue up to date
  workspace create --slug S --name N      create a workspace
  workspace list
  user create --workspace W --email E --role R [--password P] [--name N]
                                          an existing account gets the membership only
  user invite --workspace W --email E --role R     mail a single-use invite link (7 days)
  user deactivate --email E               refuse sign-in and revoke every session
  user set-role --workspace W --email E --role R   (revokes the member's sessions there)
  api-key create --workspace W --role R --name N [--expires-in-days D]   (prints the key once)
  api-key revoke --id ID
  api-key list [--workspace W]
  import --workspace W --object O --file F.(csv|json|ndjson) [--batch-size N]
                                          bulk create in one transaction (validated, audited)
  portal-user create --workspace W --email E --object O --record-id ID [--password P]
                                          a customer-portal account linked to one record
  portal-user list --workspace W
  portal-user deactivate --workspace W --email E   (its tokens stop working at once)
  plugin install <file.tgz|folder> --workspace W [--approve] [--disabled] [--integrity I]
                                          shows the permissions; installs once approved
  plugin upgrade <file.tgz|folder> --workspace W [--approve]   (new permissions need --approve)
  plugin list --workspace W
  plugin enable|disable <name> --workspace W
  plugin configure <name> --workspace W --set key=value ...   (key= clears it)
  plugin uninstall <name> --workspace W [--remove-data]   (keeps its objects unless --remove-data)
  export --workspace W [--out DIR]        the workspace's configuration as YAML files (default ./W-bundle)
  plan DIR --workspace W [--prune]        what apply would change: steps with SQL, data impact, warnings
  apply DIR --workspace W [--prune] [--yes]   apply the files in one transaction (all or nothing)
  template list [--workspace W]           the installable templates (RELATA_TEMPLATES_DIR, default examples/)
  template install NAME --workspace W [--create] [--name N] [--yes]
                                          plan, plugins, bundle + seed data in one transaction (once)
  template status NAME --workspace W      what the admin and the template changed since the install
  template upgrade NAME --workspace W [--prefer mine|template] [--yes]   three-way merge, then plan + apply

A role R is admin, member, read-only or a custom role of the workspace (created in /metadata).

Environment: PORT (4000), HOST (0.0.0.0), DATABASE_URL (unset: embedded PostgreSQL 18),
RELATA_DATA_DIR (./.relata/data), RELATA_SECRET, RELATA_ADMIN_EMAIL, RELATA_ADMIN_PASSWORD,
RELATA_AUTH_LIMIT_PER_ACCOUNT (10) and RELATA_AUTH_LIMIT_PER_IP (30) attempts per 5 minutes on /auth,
RELATA_API_KEY_RATE_PER_MINUTE (1200), RELATA_MAX_BODY_BYTES (2097152), RELATA_MAX_RESPONSE_BYTES (16777216),
RELATA_RECYCLE_BIN_DAYS (30: deleted records stay restorable that long, then are purged),
RELATA_STATEMENT_TIMEOUT_MS (15000; 0: none), RELATA_WORKER (on; off: \`relata start\` only enqueues),
RELATA_WORKER_CONCURRENCY (10 jobs at once per node),
RELATA_SMTP_URL (smtp://user:pass@host:port), RELATA_MAIL_FROM, RELATA_PUBLIC_URL (links in mails),
RELATA_TRUST_PROXY (hops or subnets of your reverse proxy, so limits count client IPs),
RELATA_CORS_ORIGINS (exact origins browsers may call the API from; none by default) and
RELATA_CORS_CREDENTIALS (true: those origins may send the session cookie).
Limit counters are kept in each node's memory.`;

type Command = (args: string[]) => Promise<void>;

// Loaded on demand: usage errors answer at once, without loading the engine and the database driver.
const COMMANDS: Record<string, () => Promise<Command>> = {
  start: async () => (await import('./commands/start')).startCommand,
  worker: async () => (await import('./commands/worker')).workerCommand,
  migrate: async () => (await import('./commands/migrate')).migrateCommand,
  workspace: async () => (await import('./commands/workspace')).workspaceCommand,
  user: async () => (await import('./commands/user')).userCommand,
  'api-key': async () => (await import('./commands/api-key')).apiKeyCommand,
  import: async () => (await import('./commands/import')).importCommand,
  'portal-user': async () => (await import('./commands/portal-user')).portalUserCommand,
  plugin: async () => (await import('./commands/plugin')).pluginCommand,
  export: async () => (await import('./commands/bundle')).exportCommand,
  plan: async () => (await import('./commands/bundle')).planCommand,
  apply: async () => (await import('./commands/bundle')).applyCommand,
  template: async () => (await import('./commands/template')).templateCommand,
};

async function main(argv: string[]): Promise<void> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(USAGE);
    if (!name) process.exitCode = 2;
    return;
  }
  const load = COMMANDS[name];
  if (!load) throw new UsageError(`Unknown command "${name}".`);
  await (await load())(args);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const code = exitCodeFor(error);
  const message = error instanceof Error ? error.message : String(error);
  if (code === 2) {
    console.error(`Error: ${message}`);
    if (relataCode(error) === null && !(error instanceof ConfigError)) console.error('\nRun "relata help" for usage.');
  } else {
    console.error('Relata failed:', error);
  }
  process.exit(code);
});

import { type CreatedUser, createUser, deactivateUser, inviteUser, setMemberRole } from '../../auth';
import { loadConfig } from '../../config';
import type { PgDatabase } from '../../db';
import { createMailer } from '../../mail';
import { UsageError } from '../cli-errors';
import { parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** Runs `work` on an open database (the configured one by default). */
type OpenDatabase = <T>(work: (db: PgDatabase) => Promise<T>) => Promise<T>;
type Print = (line: string) => void;
type Action = (args: string[], open: OpenDatabase, print: Print) => Promise<void>;

const MEMBERSHIP_OPTIONS = {
  workspace: { type: 'string' },
  email: { type: 'string' },
  role: { type: 'string' },
} as const;

/** The `--workspace --email --role` triple every membership command needs, all required. */
function membership(values: { workspace?: string; email?: string; role?: string }) {
  return {
    workspace: required(values.workspace, 'workspace'),
    email: required(values.email, 'email'),
    role: required(values.role, 'role'),
  };
}

/** What `user create` did, plainly: above all whether it created an account or only a membership. */
function reportCreated(user: CreatedUser, workspace: string, passwordGiven: boolean, print: Print): void {
  if (!user.accountExisted) {
    print(`User ${user.email} created; now ${user.role} of workspace "${workspace}".`);
    if (user.generatedPassword) print(`Password (shown once): ${user.generatedPassword}`);
    return;
  }
  print(`The account ${user.email} already existed: only its membership was added (${user.role} of "${workspace}").`);
  print(
    passwordGiven
      ? 'Its password was NOT changed (--password was ignored); it signs in with its own password.'
      : 'Its password is unchanged; it signs in with its own password.',
  );
  if (!user.active) print('The account is deactivated and cannot sign in.');
}

const ACTIONS: Record<string, Action> = {
  /** `relata user create --workspace W --email E --role R [--password P] [--name N]` */
  async create(args, open, print) {
    const values = parseOptions(args, {
      ...MEMBERSHIP_OPTIONS,
      password: { type: 'string' },
      name: { type: 'string' },
    });
    const input = { ...membership(values), password: values.password, name: values.name };
    const user = await open((db) => createUser(db, input));
    reportCreated(user, input.workspace, values.password !== undefined, print);
  },
  /** `relata user deactivate --email E` */
  async deactivate(args, open, print) {
    const values = parseOptions(args, { email: { type: 'string' } });
    const user = await open((db) => deactivateUser(db, { email: required(values.email, 'email') }));
    print(`User ${user.email} is deactivated; their sessions are revoked.`);
  },
  /** `relata user set-role --workspace W --email E --role R` */
  async 'set-role'(args, open, print) {
    const input = membership(parseOptions(args, MEMBERSHIP_OPTIONS));
    await open((db) => setMemberRole(db, input));
    print(`${input.email} is now ${input.role} of workspace "${input.workspace}"; their sessions there are revoked.`);
  },
  /** `relata user invite --workspace W --email E --role R`: mails a 7-day single-use link. */
  async invite(args, open, print) {
    const input = membership(parseOptions(args, MEMBERSHIP_OPTIONS));
    const config = loadConfig();
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
    const links = { publicUrl: config.publicUrl ?? `http://localhost:${config.port}` };
    try {
      const invite = await open((db) => inviteUser(db, mailer, links, input));
      if (invite.link) {
        print(
          `RELATA_SMTP_URL is not set: hand this link (valid until ${invite.expiresAt}, works once) to ${invite.email}:`,
        );
        print(invite.link);
      } else {
        print(`Invite mailed to ${invite.email}; the link works once, until ${invite.expiresAt}.`);
      }
    } finally {
      mailer.close();
    }
  },
};

/** `relata user create|invite|deactivate|set-role ...` */
export async function userCommand(
  args: string[],
  open: OpenDatabase = withDatabase,
  print: Print = console.log,
): Promise<void> {
  const [name, ...rest] = args;
  const action = name ? ACTIONS[name] : undefined;
  if (!action) throw new UsageError(`Use: relata user ${Object.keys(ACTIONS).join('|')} ... (see "relata help").`);
  await action(rest, open, print);
}

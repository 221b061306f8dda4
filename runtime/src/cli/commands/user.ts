import { createUser, deactivateUser, inviteUser, setMemberRole } from '../../auth';
import { loadConfig } from '../../config';
import { createMailer } from '../../mail';
import { UsageError } from '../cli-errors';
import { parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

type Action = (args: string[]) => Promise<void>;

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

const ACTIONS: Record<string, Action> = {
  /** `relata user create --workspace W --email E --role R [--password P] [--name N]` */
  async create(args) {
    const values = parseOptions(args, {
      ...MEMBERSHIP_OPTIONS,
      password: { type: 'string' },
      name: { type: 'string' },
    });
    const input = { ...membership(values), password: values.password, name: values.name };
    const user = await withDatabase((db) => createUser(db, input));
    console.log(`User ${user.email} is now ${user.role} of workspace "${input.workspace}".`);
    if (user.generatedPassword) console.log(`Password (shown once): ${user.generatedPassword}`);
  },
  /** `relata user deactivate --email E` */
  async deactivate(args) {
    const values = parseOptions(args, { email: { type: 'string' } });
    const user = await withDatabase((db) => deactivateUser(db, { email: required(values.email, 'email') }));
    console.log(`User ${user.email} is deactivated; their sessions are revoked.`);
  },
  /** `relata user set-role --workspace W --email E --role R` */
  async 'set-role'(args) {
    const input = membership(parseOptions(args, MEMBERSHIP_OPTIONS));
    await withDatabase((db) => setMemberRole(db, input));
    console.log(
      `${input.email} is now ${input.role} of workspace "${input.workspace}"; their sessions there are revoked.`,
    );
  },
  /** `relata user invite --workspace W --email E --role R`: mails a 7-day single-use link. */
  async invite(args) {
    const input = membership(parseOptions(args, MEMBERSHIP_OPTIONS));
    const config = loadConfig();
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
    const links = { publicUrl: config.publicUrl ?? `http://localhost:${config.port}` };
    try {
      const invite = await withDatabase((db) => inviteUser(db, mailer, links, input));
      if (invite.link) {
        console.log(
          `RELATA_SMTP_URL is not set: hand this link (valid until ${invite.expiresAt}, works once) to ${invite.email}:`,
        );
        console.log(invite.link);
      } else {
        console.log(`Invite mailed to ${invite.email}; the link works once, until ${invite.expiresAt}.`);
      }
    } finally {
      mailer.close();
    }
  },
};

/** `relata user create|invite|deactivate|set-role ...` */
export async function userCommand(args: string[]): Promise<void> {
  const [name, ...rest] = args;
  const action = name ? ACTIONS[name] : undefined;
  if (!action) throw new UsageError(`Use: relata user ${Object.keys(ACTIONS).join('|')} ... (see "relata help").`);
  await action(rest);
}

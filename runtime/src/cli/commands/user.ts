import { createUser } from '../../auth';
import { UsageError } from '../cli-errors';
import { parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** `relata user create --workspace W --email E --role R [--password P] [--name N]` */
export async function userCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new UsageError('Use: relata user create --workspace W --email E --role R');
  const values = parseOptions(rest, {
    workspace: { type: 'string' },
    email: { type: 'string' },
    role: { type: 'string' },
    password: { type: 'string' },
    name: { type: 'string' },
  });
  const input = {
    workspace: required(values.workspace, 'workspace'),
    email: required(values.email, 'email'),
    role: required(values.role, 'role'),
    password: values.password,
    name: values.name,
  };
  const user = await withDatabase((db) => createUser(db, input));
  console.log(`User ${user.email} is now ${user.role} of workspace "${input.workspace}".`);
  if (user.generatedPassword) console.log(`Password (shown once): ${user.generatedPassword}`);
}

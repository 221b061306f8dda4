import { createApiKey, listApiKeys, revokeApiKey } from '../../auth';
import { UsageError } from '../cli-errors';
import { optionalInteger, parseOptions, required } from '../parse';
import { withDatabase } from '../with-database';

/** `relata api-key create|revoke|list` */
export async function apiKeyCommand(args: string[]): Promise<void> {
  const [action, ...rest] = args;
  if (action === 'create') {
    const values = parseOptions(rest, {
      workspace: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'expires-in-days': { type: 'string' },
    });
    const input = {
      workspace: required(values.workspace, 'workspace'),
      role: required(values.role, 'role'),
      name: required(values.name, 'name'),
      expiresInDays: optionalInteger(values['expires-in-days'], 'expires-in-days'),
    };
    const key = await withDatabase((db) => createApiKey(db, input));
    console.log(`API key ${key.id} created (role ${key.role}${key.expiresAt ? `, expires ${key.expiresAt}` : ''}).`);
    console.log('Copy it now; it is not shown again:\n');
    console.log(`  ${key.key}\n`);
    console.log(`Use it as: Authorization: Bearer ${key.key}`);
    return;
  }
  if (action === 'revoke') {
    const values = parseOptions(rest, { id: { type: 'string' } });
    const id = required(values.id, 'id');
    await withDatabase((db) => revokeApiKey(db, id));
    console.log(`API key ${id} revoked.`);
    return;
  }
  if (action === 'list') {
    const values = parseOptions(rest, { workspace: { type: 'string' } });
    const keys = await withDatabase((db) =>
      listApiKeys(db, typeof values.workspace === 'string' ? values.workspace : undefined),
    );
    if (keys.length === 0) {
      console.log('No API keys.');
      return;
    }
    console.table(
      keys.map((k) => ({
        id: k.id,
        workspace: k.workspace,
        name: k.name,
        role: k.role,
        key: `rk_${k.prefix}_…`,
        status: k.revokedAt ? 'revoked' : k.expiresAt && k.expiresAt < new Date().toISOString() ? 'expired' : 'active',
        lastUsed: k.lastUsedAt ?? 'never',
      })),
    );
    return;
  }
  throw new UsageError('Use: relata api-key create|revoke|list');
}

import { InitialSystemSchema } from './migrations/initial-system-schema';
import { OneTimeAuthTokens } from './migrations/one-time-auth-tokens';
import { OwnerIndexes } from './migrations/owner-indexes';
import { RolesAndPermissions } from './migrations/roles-and-permissions';
import { SavedViews } from './migrations/saved-views';

/**
 * Ordered list of system migrations, given to MikroORM's Migrator as `migrationsList`
 * so no file discovery (and no build step) is needed.
 */
export const systemMigrations = [
  { name: 'InitialSystemSchema', class: InitialSystemSchema },
  { name: 'RolesAndPermissions', class: RolesAndPermissions },
  { name: 'OneTimeAuthTokens', class: OneTimeAuthTokens },
  { name: 'SavedViews', class: SavedViews },
  { name: 'OwnerIndexes', class: OwnerIndexes },
];

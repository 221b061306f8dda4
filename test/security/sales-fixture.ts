import { createSecurityKit, OTHER, type RoleClient, type SecurityKit, USER } from './security-kit';

/**
 * Role `sales` on the GraphQL fixture workspace:
 * - company: read + update, scope condition `tier in (ENTERPRISE, MID)`; `employees`, `labels`
 *   and `domain` hidden; `rating` read-only.
 * - person: read (scope all); `score` hidden.
 * - opportunity: full CRUD, scope own; `amount` hidden.
 */
export async function grantSales(kit: SecurityKit): Promise<void> {
  const w = kit.workspaceId;
  await kit.roles.createRole(w, { name: 'sales', label: 'Sales' });
  await kit.roles.setObjectPermission(w, 'sales', 'company', {
    canRead: true,
    canUpdate: true,
    recordScope: 'condition',
    recordCondition: { tier: { in: ['ENTERPRISE', 'MID'] } },
  });
  await kit.roles.setFieldPermission(w, 'sales', 'company', 'employees', { canRead: false, canWrite: false });
  await kit.roles.setFieldPermission(w, 'sales', 'company', 'labels', { canRead: false, canWrite: false });
  await kit.roles.setFieldPermission(w, 'sales', 'company', 'domain', { canRead: false, canWrite: false });
  await kit.roles.setFieldPermission(w, 'sales', 'company', 'rating', { canRead: true, canWrite: false });
  await kit.roles.setObjectPermission(w, 'sales', 'person', { canRead: true });
  await kit.roles.setFieldPermission(w, 'sales', 'person', 'score', { canRead: false, canWrite: false });
  await kit.roles.setObjectPermission(w, 'sales', 'opportunity', {
    canRead: true,
    canCreate: true,
    canUpdate: true,
    canDelete: true,
    recordScope: 'own',
  });
  await kit.roles.setFieldPermission(w, 'sales', 'opportunity', 'amount', { canRead: false, canWrite: false });
}

export type SalesIds = Record<'acme' | 'bolt' | 'cargo' | 'ann' | 'bob' | 'mine' | 'theirs' | 'boltDeal', string>;

/** Acme (ENTERPRISE) and Cargo (MID) are in the sales scope, Bolt (SMB) is not. */
export async function seedSales(kit: SecurityKit): Promise<SalesIds> {
  const acme = await kit.insert('company', {
    name: 'Acme',
    domain: 'quokka',
    employees: 120,
    tier: 'ENTERPRISE',
    labels: ['RED'],
    rating: 5,
  });
  const bolt = await kit.insert('company', { name: 'Bolt', employees: 8, tier: 'SMB', rating: 2 });
  const cargo = await kit.insert('company', { name: 'Cargo', employees: 50, tier: 'MID', rating: 3 });
  const ann = await kit.insert('person', {
    fullName: { firstName: 'Ann', lastName: 'Lee' },
    email: 'ann@acme.io',
    score: 4.5,
    companyId: acme,
  });
  const bob = await kit.insert('person', {
    fullName: { firstName: 'Bob', lastName: 'Stone' },
    email: 'bob@bolt.de',
    score: 1,
    companyId: bolt,
  });
  const mine = await kit.insert('opportunity', {
    title: 'Mine',
    amount: { amount: 100, currencyCode: 'EUR' },
    stage: 'NEW',
    companyId: acme,
    ownerId: USER,
    contactsIds: [ann],
  });
  const theirs = await kit.insert('opportunity', {
    title: 'Theirs',
    amount: { amount: 900, currencyCode: 'EUR' },
    stage: 'WON',
    companyId: acme,
    ownerId: OTHER,
    contactsIds: [ann, bob],
  });
  const boltDeal = await kit.insert('opportunity', {
    title: 'Bolt deal',
    amount: { amount: 50, currencyCode: 'EUR' },
    stage: 'NEW',
    companyId: bolt,
    ownerId: USER,
  });
  return { acme, bolt, cargo, ann, bob, mine, theirs, boltDeal };
}

/** A fresh security kit with role `sales` granted, the sales records seeded and a `sales` client. */
export async function createSalesKit(slug: string): Promise<{ kit: SecurityKit; sales: RoleClient; ids: SalesIds }> {
  const kit = await createSecurityKit(slug);
  await grantSales(kit);
  const ids = await seedSales(kit);
  return { kit, sales: await kit.as('sales'), ids };
}

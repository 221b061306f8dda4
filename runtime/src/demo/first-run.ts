import { createWorkspace, type Database, listWorkspaces, markTemplateChoicePending } from '@relata/core';
import { createUser } from '../auth';
import { type SeedOptions, seedDemo } from './seed-demo';

export interface FirstRunOptions extends SeedOptions {
  /** @default 'admin@relata.local' */
  adminEmail?: string;
  /** Generated (and returned once) when not given. */
  adminPassword?: string;
}

export interface FirstRunResult {
  email: string;
  /** The admin's password when it was generated; null when it came from the caller or the account existed. */
  generatedPassword: string | null;
  /** The admin's account existed already (no workspace did): it keeps its own password. */
  accountExisted: boolean;
}

/**
 * On an empty installation (no workspace yet): creates the `demo` workspace, its admin and the
 * demo data model with data, marked so its admin is offered the CRM templates at their first
 * visit (the studio's "Choose your CRM"). Returns null when there is already a workspace.
 */
export async function provisionFirstRun(db: Database, options: FirstRunOptions = {}): Promise<FirstRunResult | null> {
  if ((await listWorkspaces(db)).length > 0) return null;
  const workspace = await createWorkspace(db, { slug: 'demo', name: 'Demo' });
  const user = await createUser(db, {
    workspace: 'demo',
    email: options.adminEmail ?? 'admin@relata.local',
    name: 'Admin',
    password: options.adminPassword,
    role: 'admin',
  });
  await seedDemo(db, workspace.id, options);
  await markTemplateChoicePending(db, workspace.id);
  return { email: user.email, generatedPassword: user.generatedPassword, accountExisted: user.accountExisted };
}

import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, statSync } from 'node:fs';

/** Who the PostgreSQL processes run as; null: as this process's own user. */
export interface ServerUser {
  name: string;
  uid: number;
  gid: number;
}

const SYSTEM_USER = 'postgres';

function lookUp(name: string): ServerUser | null {
  try {
    const entry = execFileSync('getent', ['passwd', name], { encoding: 'utf8' }).trim();
    const [, , uid, gid] = entry.split(':');
    return { name, uid: Number(uid), gid: Number(gid) };
  } catch {
    return null;
  }
}

/**
 * PostgreSQL refuses to run as root. Run as root, the embedded server runs as the unprivileged
 * system user `postgres`, created when missing; any other user runs it as itself.
 */
export function serverUser(): ServerUser | null {
  if (process.getuid?.() !== 0) return null;
  const existing = lookUp(SYSTEM_USER);
  if (existing) return existing;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', SYSTEM_USER]);
  const created = lookUp(SYSTEM_USER);
  if (!created) throw new Error(`Could not create the system user "${SYSTEM_USER}" for the embedded PostgreSQL.`);
  return created;
}

/** Hands `path` to the server user (root only), so PostgreSQL can own its data and socket folders. */
export function giveTo(user: ServerUser | null, path: string): void {
  if (user) chownSync(path, user.uid, user.gid);
}

/**
 * Fails early, with what to do, when the server user cannot run the binaries or enter the data
 * folder. The data folder itself is opened to be entered (not listed) by others: what is private
 * in it is private by its own mode (credentials 0600, PGDATA and the socket's folder 0700).
 */
export function checkReachable(user: ServerUser | null, program: string, dataDir: string): void {
  if (!user) {
    accessSync(program, constants.X_OK);
    return;
  }
  chmodSync(dataDir, statSync(dataDir).mode | 0o711);
  for (const [path, what] of [
    [program, 'run'],
    [dataDir, 'enter'],
  ] as const) {
    try {
      execFileSync('test', ['-x', path], { uid: user.uid, gid: user.gid });
    } catch {
      throw new Error(
        `The embedded PostgreSQL runs as the system user "${user.name}" (PostgreSQL refuses root), who cannot ` +
          `${what} ${path}: a folder above it is closed to other users. Use folders others may enter (e.g. ` +
          'not under /root), run Relata as a normal user, or set DATABASE_URL.',
      );
    }
  }
}

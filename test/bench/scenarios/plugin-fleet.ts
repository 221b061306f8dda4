import { readFileSync } from 'node:fs';
import { createWorkspace, maxWarmIsolates } from '@relata/core';
import { createTarGzip } from 'nanotar';
import { postJson } from '../load';
import { num } from '../report';
import { type BenchContext, notMeasured, reason } from './bench-context';

const WORKSPACES = 100;
/** The 11c target: what one idle warm isolate may add to its child. */
const ISOLATE_MB = 3;

const manifest = {
  name: 'bench-stamp',
  version: '1.0.0',
  engine: '^1',
  contributes: {
    objects: [
      {
        nameSingular: 'memo',
        namePlural: 'memos',
        labelSingular: 'Memo',
        labelPlural: 'Memos',
        fields: [{ name: 'title', label: 'Title', type: 'TEXT' }],
      },
    ],
    hooks: [{ object: 'memo', on: 'beforeCreate' }],
  },
};
const BUNDLE = `module.exports = { hooks: { memo: {
  beforeCreate: (event) => ({ data: { title: String(event.data.title).trim() } }),
} } };`;

const rssMb = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

/**
 * Issue 11: 100 workspaces each install a plugin (its own installation, so its own isolate) and
 * run its hook once through `/graphql`. Reported: the server's RSS before and after, and the
 * sandbox children's RSS against what the pool's cap allows (children x (idle child + the warm
 * isolate cap x the 3 MB an idle isolate may add)).
 */
export async function pluginFleet(ctx: BenchContext): Promise<void> {
  const metric = `11e. ${WORKSPACES} workspaces x 1 installed plugin, each called: sandbox children RSS MB (baseline: what the pool cap allows)`;
  const target = "children within the pool's cap; server RSS reported";
  const relata = ctx.relata;
  if (!relata) {
    ctx.rows.push(notMeasured(metric, target, 'Relata server did not start'));
    return;
  }
  try {
    const tarball = Buffer.from(
      await createTarGzip([
        {
          name: 'package/package.json',
          data: JSON.stringify({ name: 'bench-stamp', version: '1.0.0', relata: manifest }),
        },
        { name: 'package/dist/plugin.js', data: BUNDLE },
      ]),
    ).toString('base64');
    const slugs = Array.from({ length: WORKSPACES }, (_, i) => `fleet${String(i).padStart(3, '0')}`);
    for (const slug of slugs) await createWorkspace(ctx.db, { slug, name: slug });
    globalThis.gc?.();
    const serverBefore = process.memoryUsage().rss / 1024 / 1024;
    const send = async (slug: string, url: string, query: string, variables: Record<string, unknown>) => {
      const answer = (await postJson({
        url,
        headers: await relata.headers(slug),
        body: JSON.stringify({ query, variables }),
      })) as { errors?: unknown };
      if (answer.errors) throw new Error(`${slug}: ${JSON.stringify(answer.errors).slice(0, 200)}`);
    };
    let idleChildMb = 0;
    for (const [i, slug] of slugs.entries()) {
      await send(
        slug,
        relata.metadataUrl,
        'mutation($t: String!) { installPlugin(tarball: $t, approve: true) { applied } }',
        {
          t: tarball,
        },
      );
      await send(slug, relata.graphqlUrl, 'mutation($t: String) { createMemo(data: { title: $t }) { id } }', {
        t: ` memo ${i} `,
      });
      // The children as the first plugins found them: their base before isolates pile up.
      if (i === 1) idleChildMb = Math.max(...relata.sandboxPids().map(rssMb));
    }
    globalThis.gc?.();
    const serverAfter = process.memoryUsage().rss / 1024 / 1024;
    const pids = relata.sandboxPids();
    const childrenMb = pids.reduce((sum, pid) => sum + rssMb(pid), 0);
    const allowedMb = pids.length * (idleChildMb + maxWarmIsolates() * ISOLATE_MB);
    ctx.rows.push({
      metric,
      relata: `${num(childrenMb, 1)} (${pids.length} children; server RSS ${num(serverBefore)} -> ${num(serverAfter)} MB)`,
      baseline: `${num(allowedMb)} (${pids.length} x (${num(idleChildMb, 1)} + ${maxWarmIsolates()} x ${ISOLATE_MB}))`,
      ratio: num(childrenMb / allowedMb, 2),
      target,
      pass: childrenMb <= allowedMb,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, target, reason(error)));
  }
}

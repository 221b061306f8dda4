import { createTarGzip } from 'nanotar';
import { compareLoad, mergeResults, postJson, runLoad } from '../load';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';

/** Companies updated round robin, so connections rarely wait on one row's lock. */
const UPDATED_COMPANIES = 500;

const manifest = {
  name: 'bench-trim',
  version: '1.0.0',
  engine: '^1',
  permissions: { write: [{ object: 'company', fields: ['name'] }] },
  contributes: { hooks: [{ object: 'company', on: 'beforeUpdate' }] },
};
const BUNDLE = `module.exports = { hooks: { company: {
  beforeUpdate: (event) => (event.data.name === undefined ? undefined : { data: { name: event.data.name.trim() } }),
} } };`;

const UPDATE =
  'mutation Rename($id: ID!, $name: String!) { updateCompany(id: $id, data: { name: $name }) { id name } }';

async function installHook(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) throw new Error('Relata server is not running');
  const tarball = await createTarGzip([
    { name: 'package/package.json', data: JSON.stringify({ name: 'bench-trim', version: '1.0.0', relata: manifest }) },
    { name: 'package/dist/plugin.js', data: BUNDLE },
  ]);
  const response = (await postJson({
    url: ctx.relata.metadataUrl,
    headers: await ctx.relata.headers(ctx.crm.slug),
    body: JSON.stringify({
      query: 'mutation($t: String!) { installPlugin(tarball: $t, approve: true) { applied } }',
      variables: { t: Buffer.from(tarball).toString('base64') },
    }),
  })) as { errors?: unknown };
  if (response.errors) throw new Error(`installing the hook failed: ${JSON.stringify(response.errors)}`);
}

/**
 * Issue 11: record updates per second through `/graphql` without any plugin, then with a
 * plugin's before-update hook that sets one field (trims the name) running in the sandbox pool
 * inside every write's transaction; and the p50 latency the hook adds to an update.
 */
export async function pluginHook(ctx: BenchContext): Promise<void> {
  const metric = '11d. company updates/s with a plugin before-update hook setting one field (baseline: no hook)';
  const target = '>= 0.7 of without; added p50 (warm, one client) < 0.5 ms';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric, target, 'Relata server did not start'));
    return;
  }
  try {
    const ids = ctx.crm.companyIds.slice(0, UPDATED_COMPANIES);
    const updates = await Promise.all(
      ids.map((id, i) =>
        relataRequest(ctx, { operationName: 'Rename', query: UPDATE, variables: { id, name: ` Company ${i} ` } }),
      ),
    );
    const withoutHook = await compareLoad(updates, updates);
    // The latency the hook adds, warm, with nothing queueing: one client, one update at a time.
    const oneClient = { connections: 1, durationMs: 3_000 };
    const aloneWithout = await runLoad(updates, oneClient);
    await installHook(ctx);
    // The first call starts the plugin's isolate; the measured calls are warm.
    await postJson(updates[0]!);
    const withHook = await compareLoad(updates, updates);
    const aloneWith = await runLoad(updates, oneClient);
    // Both halves of each comparison ran the same requests: each side is all its rounds.
    const without = mergeResults([withoutHook.a, withoutHook.b]);
    const hooked = mergeResults([withHook.a, withHook.b]);
    const addedP50 = hooked.p50Ms - without.p50Ms;
    const addedAlone = aloneWith.p50Ms - aloneWithout.p50Ms;
    const r = hooked.rps / without.rps;
    const runs = [hooked, without, aloneWith, aloneWithout];
    const errors = runs.reduce((sum, run) => sum + run.errors, 0);
    const firstError = runs.find((run) => run.firstError)?.firstError;
    if (errors > 0) ctx.notes.push(`11d: ${errors} update(s) failed; the first: ${firstError}`);
    ctx.rows.push({
      metric,
      relata: `${num(hooked.rps)} (p50 +${num(addedAlone, 2)} ms one client, +${num(addedP50, 2)} ms at 10)`,
      baseline: `${num(without.rps)} (p50 ${num(aloneWithout.p50Ms, 2)} ms one client, ${num(without.p50Ms, 2)} ms at 10)`,
      ratio: ratio(hooked.rps, without.rps),
      target,
      pass: r >= 0.7 && addedAlone < 0.5 && errors === 0,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, target, reason(error)));
  }
}

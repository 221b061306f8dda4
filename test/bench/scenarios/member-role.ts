import { compareLoad, postJson } from '../load';
import { boardRequest } from '../queries';
import { num, ratio } from '../report';
import { type BenchContext, notMeasured, reason, relataRequest } from './bench-context';
import { assertSameResponse } from './read-throughput';

/**
 * Issue 3's rights: opportunities only in a record condition (every stage but LOST, so the board
 * of WON deals answers the same rows), and two fields the board does not select hidden.
 */
const MEMBER_RIGHTS = /* GraphQL */ `
  mutation MemberRights($condition: JSON!) {
    opportunity: setObjectPermission(role: "member", object: "opportunity",
      input: { canRead: true, recordScope: CONDITION, recordCondition: $condition }) { applied }
    probability: setFieldPermission(role: "member", object: "opportunity", field: "probability",
      canRead: false, canWrite: false) { applied }
    employees: setFieldPermission(role: "member", object: "company", field: "employees",
      canRead: false, canWrite: false) { applied }
  }
`;

const CONDITION = { stage: { neq: 'LOST' } };

async function grantMemberRights(ctx: BenchContext): Promise<void> {
  if (!ctx.relata) throw new Error('Relata server is not running');
  const response = (await postJson({
    url: ctx.relata.metadataUrl,
    headers: await ctx.relata.headers(ctx.crm.slug),
    body: JSON.stringify({ query: MEMBER_RIGHTS, variables: { condition: CONDITION } }),
  })) as { errors?: unknown };
  if (response.errors) throw new Error(`setting the member's rights failed: ${JSON.stringify(response.errors)}`);
}

/** Issue 3's benchmark: query 1 as a member with a record condition and two hidden fields vs as admin. */
export async function memberRole(ctx: BenchContext): Promise<void> {
  const metric = '7. query 1 as member (record condition, 2 hidden fields) vs admin: requests/s';
  const target = '>= 0.90 of admin';
  if (!ctx.relata) {
    ctx.rows.push(notMeasured(metric, target, 'Relata server did not start'));
    return;
  }
  try {
    await grantMemberRights(ctx);
    const admin = await relataRequest(ctx, boardRequest(50));
    const member = await relataRequest(ctx, boardRequest(50), ctx.crm.slug, 'member');
    await assertSameResponse(member, admin);
    ctx.notes.push(
      `7. member rights: opportunities where ${JSON.stringify(CONDITION)}, opportunity.probability and company.employees hidden; the member's response deep-equals the admin's.`,
    );
    const { a, b } = await compareLoad([admin], [member]);
    const r = b.rps / a.rps;
    ctx.rows.push({
      metric,
      relata: num(b.rps),
      baseline: `${num(a.rps)} (admin)`,
      ratio: ratio(b.rps, a.rps),
      target,
      pass: r >= 0.9 && a.errors + b.errors === 0,
    });
  } catch (error) {
    ctx.rows.push(notMeasured(metric, target, reason(error)));
  }
}

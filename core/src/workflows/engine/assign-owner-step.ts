import { z } from 'zod';
import { type Executor, requiredText, type StepEnv, stepInputError } from './step-env';

const userIds = z.array(z.guid());

/** The active members who take turns: the listed users (in their order) or the role's members (by id). */
async function candidates(env: StepEnv, users: unknown, role: unknown): Promise<string[]> {
  const workspaceId = env.snapshot.workspaceId;
  if (typeof role === 'string' && role !== '') {
    const { rows } = await env.tx.query<{ user_id: string }>(
      `select m.user_id from relata.workspace_members m join relata.users u on u.id = m.user_id
       where m.workspace_id = $1 and m.role = $2 and u.is_active order by m.user_id`,
      [workspaceId, role],
    );
    return rows.map((row) => row.user_id);
  }
  const listed = userIds.safeParse(users ?? []);
  if (!listed.success) throw stepInputError(env, 'users', 'holds something that is not a user id.');
  const { rows } = await env.tx.query<{ user_id: string }>(
    `select m.user_id from relata.workspace_members m join relata.users u on u.id = m.user_id
     where m.workspace_id = $1 and m.user_id = any($2::uuid[]) and u.is_active`,
    [workspaceId, listed.data],
  );
  const members = new Set(rows.map((row) => row.user_id));
  return listed.data.filter((id) => members.has(id));
}

/**
 * Round robin: the step's turn is a row per (workflow, step) bumped in the step's transaction.
 * The row lock makes a concurrent run wait for this one's commit and take the next turn, so two
 * runs never pick the same user twice in a row; an attempt that rolls back gives its turn back.
 */
export const assignOwner: Executor = async (settings, env) => {
  const object = settings.values.object as string;
  const id =
    typeof settings.values.recordId === 'string' && settings.values.recordId !== ''
      ? settings.values.recordId
      : requiredText(env.recordId, 'recordId', env);
  const people = await candidates(env, settings.values.users, settings.values.role);
  if (people.length === 0) throw stepInputError(env, 'users', 'no active member of the workspace to assign.');
  const { rows } = await env.tx.query<{ turn: string }>(
    `insert into relata.workflow_round_robins (workflow_id, step_key, turn) values ($1, $2, 0)
     on conflict (workflow_id, step_key) do update set turn = relata.workflow_round_robins.turn + 1
     returning turn`,
    [env.workflowId, env.evaluation.step],
  );
  const ownerId = people[Number(rows[0]!.turn) % people.length]!;
  await env.writer.update(env.ctx, object, id, { ownerId });
  env.effects.push({ kind: 'assign', object, id, ownerId });
  return { output: { ownerId } };
};

import { badInput } from '../errors';
import { checkUuid } from '../query';
import type { DataBuilder } from './data-builder';

interface MemberRow {
  id: string;
  name: string;
  email: string;
}

interface ActorRow {
  id: string;
  kind: 'user' | 'apiKey' | 'plugin' | 'workflowRun';
  name: string;
}

/** Most ids one `actors` call resolves (a page of history names a few dozen at most). */
const MAX_ACTORS = 200;

/**
 * Who is who, for members: `me`, `members` (the workspace's active members, to assign tasks and pick
 * owners) and `actors(ids)` (names of the members and API keys of this workspace that history and
 * activities name as their authors, its installed plugins and its workflow runs (a workflow's writes
 * are audited with the run as actor); ids of anything else are left out, so nothing outside the
 * workspace can be probed).
 */
export function addMemberFields(builder: DataBuilder) {
  const member = builder.objectRef<MemberRow>('Member').implement({
    description: 'An active member of the workspace.',
    fields: (t) => ({ id: t.exposeID('id'), name: t.exposeString('name'), email: t.exposeString('email') }),
  });
  const actor = builder.objectRef<ActorRow>('ActorName').implement({
    description: 'The name of a user, an API key or a plugin that changed something in the workspace.',
    fields: (t) => ({
      id: t.exposeID('id'),
      kind: t.exposeString('kind', {
        description: 'user, apiKey, plugin or workflowRun (name: “workflow” version V run R)',
      }),
      name: t.exposeString('name'),
    }),
  });
  builder.queryFields((t) => ({
    me: t.field({
      type: member,
      nullable: true,
      description: 'The signed-in member; null for API keys.',
      resolve: async (_root, _args, ctx) => {
        if (ctx.actor.kind !== 'user' || !ctx.actor.id) return null;
        const { rows } = await ctx.db.query<MemberRow>('select id, name, email from relata.users where id = $1', [
          ctx.actor.id,
        ]);
        return rows[0] ?? null;
      },
    }),
    members: t.field({
      type: [member],
      description: 'The active members of the workspace, by name.',
      resolve: async (_root, _args, ctx) =>
        (
          await ctx.db.query<MemberRow>(
            `select u.id, u.name, u.email from relata.workspace_members m join relata.users u on u.id = m.user_id
              where m.workspace_id = $1 and u.is_active order by lower(u.name), u.email`,
            [ctx.workspace.id],
          )
        ).rows,
    }),
    actors: t.field({
      type: [actor],
      description: 'Names of members (deactivated ones included), API keys and plugins of this workspace, by id.',
      args: { ids: t.arg.idList({ required: true }) },
      resolve: async (_root, args, ctx) => {
        const ids = args.ids.map(String);
        if (ids.length > MAX_ACTORS) throw badInput('ids', `Ask for at most ${MAX_ACTORS} ids at once.`);
        checkUuid('ids', ids);
        const { rows } = await ctx.db.query<ActorRow>(
          `select u.id, 'user' as kind, u.name from relata.users u
            where u.id = any($2::uuid[])
              and exists (select 1 from relata.workspace_members m where m.user_id = u.id and m.workspace_id = $1)
           union all
           select k.id, 'apiKey', k.name from relata.api_keys k where k.workspace_id = $1 and k.id = any($2::uuid[])
           union all
           select p.id, 'plugin', p.name from relata.plugin_installations p
            where p.workspace_id = $1 and p.id = any($2::uuid[])
           union all
           select r.id, 'workflowRun', format('“%s” version %s run %s', w.name, v.version, r.id)
             from relata.workflow_runs r
             join relata.workflows w on w.id = r.workflow_id
             join relata.workflow_versions v on v.id = r.version_id
            where r.workspace_id = $1 and r.id = any($2::uuid[])`,
          [ctx.workspace.id, ids],
        );
        return rows;
      },
    }),
  }));
}

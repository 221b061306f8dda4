import { type ActivityAccess, activityTargets, changeActivityLinks, linkedActivities } from '../activities';
import { limitExceeded } from '../errors';
import { canReadObject, isActivityObject, type RecordRef } from '../query';
import type { DataBuilder } from './data-builder';
import type { DataRequestContext } from './request-context';
import { type RootFieldEnv, requestAccess } from './root-context';

/** Most targets one link change takes (a meeting with its attendees, a call about a deal and its people). */
const MAX_TARGETS = 50;

/**
 * Links between activities (notes, tasks, calls, meetings) and the records they are about, of any
 * object: `linkedActivities` (a record's timeline), `activityTargets` and `linkActivity` /
 * `unlinkActivity`. Every answer passes the reader's rights on both ends (`core/src/activities`).
 */
export function addActivityFields(builder: DataBuilder, env: RootFieldEnv) {
  const permissions = env.permissions;
  const readsActivities = env.snapshot.objects.some(
    (o) => isActivityObject(o) && (permissions === null || canReadObject(permissions, o)),
  );
  if (!readsActivities) return;
  const context = (ctx: DataRequestContext): ActivityAccess => ({
    db: ctx.db,
    snapshot: ctx.snapshot,
    access: requestAccess(env, ctx),
  });
  const ref = builder.objectRef<RecordRef>('RecordRef').implement({
    description: 'A record named by its object (singular API name) and id.',
    fields: (t) => ({ object: t.exposeString('object'), id: t.exposeID('id') }),
  });
  const target = builder.objectRef<RecordRef & { label: string | null }>('ActivityTarget').implement({
    description: 'A record an activity is about, with its title as the reader may read it.',
    fields: (t) => ({
      object: t.exposeString('object'),
      id: t.exposeID('id'),
      label: t.exposeString('label', { nullable: true }),
    }),
  });
  const refInput = builder.inputType('RecordRefInput', {
    fields: (t) => ({ object: t.string({ required: true }), id: t.id({ required: true }) }),
  });
  const plain = (input: { object: string; id: string | number }): RecordRef => ({
    object: input.object,
    id: String(input.id),
  });

  builder.queryFields((t) => ({
    linkedActivities: t.field({
      type: [ref],
      description:
        'The activities linked to a record that you can see, most recently linked first; empty when you cannot see the record.',
      args: { object: t.arg.string({ required: true }), id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => linkedActivities(context(ctx), plain(args)),
    }),
    activityTargets: t.field({
      type: [target],
      description: 'The records an activity is about that you can see; empty when you cannot see the activity.',
      args: { object: t.arg.string({ required: true }), id: t.arg.id({ required: true }) },
      resolve: (_root, args, ctx) => activityTargets(context(ctx), plain(args)),
    }),
  }));
  const change =
    (kind: 'link' | 'unlink') =>
    async (
      _root: unknown,
      args: { activity: { object: string; id: string }; targets: { object: string; id: string }[] },
      ctx: DataRequestContext,
    ) => {
      if (args.targets.length > MAX_TARGETS) {
        throw limitExceeded(`targets lists more than ${MAX_TARGETS} records; change the links in smaller steps.`);
      }
      return changeActivityLinks(
        { ...context(ctx), events: ctx.events },
        kind,
        plain(args.activity),
        args.targets.map(plain),
      );
    };
  builder.mutationFields((t) => ({
    linkActivity: t.field({
      type: [target],
      description: 'Links an activity to records of any object (kept when already linked); answers its targets.',
      args: {
        activity: t.arg({ type: refInput, required: true }),
        targets: t.arg({ type: [refInput], required: true }),
      },
      resolve: change('link'),
    }),
    unlinkActivity: t.field({
      type: [target],
      description: 'Unlinks an activity from records; answers its remaining targets.',
      args: {
        activity: t.arg({ type: refInput, required: true }),
        targets: t.arg({ type: [refInput], required: true }),
      },
      resolve: change('unlink'),
    }),
  }));
}

import type { KeyedEntity } from '../../workspace';
import type { SectionContext } from '../bundle-section';

/**
 * The reads and writes of a keyed row that a file maps onto its columns one to one (segments,
 * dashboards, forms, webhooks): listed by key, created with the plan's id, updated in place,
 * deleted by id; always in the bundle's transaction and workspace.
 */
export function storedRows<Row extends { id: string; key: string; name: string }, Values extends object>(
  entity: KeyedEntity,
  /** Rows of the workspace that are not configuration (a member's personal dashboards) stay out. */
  only: Record<string, unknown> = {},
) {
  // One of the keyed entities stands for all of them in MikroORM's types: they share these columns.
  const as = entity as never;
  return {
    async list(ctx: SectionContext): Promise<Row[]> {
      const em = await ctx.tx.entities();
      return (await em.find(as, { ...only, workspace: ctx.workspaceId } as never, {
        orderBy: { key: 'asc' } as never,
      })) as Row[];
    },
    async create(ctx: SectionContext, id: string, values: Values): Promise<void> {
      const em = await ctx.tx.entities();
      em.create(as, { id, workspace: ctx.workspaceId, ...values } as never);
      await em.flush();
    },
    async update(ctx: SectionContext, id: string, values: Values): Promise<void> {
      const em = await ctx.tx.entities();
      const row = await em.findOneOrFail(as, { id, workspace: ctx.workspaceId } as never);
      em.assign(row, { ...values, updatedAt: new Date() } as never);
      await em.flush();
    },
    async remove(ctx: SectionContext, id: string): Promise<void> {
      await (await ctx.tx.entities()).nativeDelete(as, { id, workspace: ctx.workspaceId } as never);
    },
  };
}

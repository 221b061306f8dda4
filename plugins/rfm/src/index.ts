import { definePlugin, type PluginContext, type PluginRecord } from '@relata/plugin-sdk';
import { type OrderSummary, rfmScore } from './rfm-score';

interface Order {
  customerEmail: string;
  amount: number;
  orderedAt: string;
  createdAt: string;
}

interface Customer {
  email: string;
  rfmScore: string | null;
  rfmSegment: string | null;
}

interface Shapes {
  order: Order;
  customer: Customer;
  [object: string]: object;
}

type Ctx = PluginContext<Shapes, { monetaryStep: number }>;

const PAGE = 200;

/**
 * Every record of `object`, a page at a time: ordered by creation time, each page starts at the
 * last one's time and leaves out the ids already seen at that time (ids filter by equality only).
 */
async function* everyRecord<O extends 'order' | 'customer'>(ctx: Ctx, object: O, fields: string[]) {
  let since: string | null = null;
  let seenAtSince: string[] = [];
  for (;;) {
    const filter: Record<string, unknown> | undefined = since
      ? { and: [{ createdAt: { gte: since } }, ...(seenAtSince.length ? [{ id: { notIn: seenAtSince } }] : [])] }
      : undefined;
    const page = (await ctx.records.find(object, {
      filter,
      orderBy: [{ createdAt: 'AscNullsLast' }],
      first: PAGE,
      fields: ['id', 'createdAt', ...fields],
    })) as Array<PluginRecord<Shapes[O] & { createdAt: string }>>;
    for (const record of page) yield record;
    if (page.length < PAGE) return;
    const last = page.at(-1)?.createdAt ?? null;
    seenAtSince = [
      ...(last === since ? seenAtSince : []),
      ...page.filter((it) => it.createdAt === last).map((it) => it.id),
    ];
    since = last;
  }
}

export default definePlugin<Shapes, { monetaryStep: number }>({
  schedules: {
    async nightly(event, ctx) {
      const byEmail = new Map<string, OrderSummary>();
      for await (const order of everyRecord(ctx, 'order', ['customerEmail', 'amount', 'orderedAt'])) {
        const email = order.customerEmail?.toLowerCase();
        if (!email || !order.orderedAt) continue;
        const summary = byEmail.get(email) ?? { lastOrderAt: 0, count: 0, total: 0 };
        summary.lastOrderAt = Math.max(summary.lastOrderAt, Date.parse(order.orderedAt));
        summary.count += 1;
        summary.total += Number(order.amount ?? 0);
        byEmail.set(email, summary);
      }
      const now = Date.parse(event.dueAt);
      let scored = 0;
      for await (const customer of everyRecord(ctx, 'customer', ['email', 'rfmScore', 'rfmSegment'])) {
        const orders = customer.email ? byEmail.get(customer.email.toLowerCase()) : undefined;
        const next = orders ? rfmScore(orders, now, ctx.settings.monetaryStep) : { score: null, segment: null };
        // Unchanged customers are not written: a nightly run touches only what moved.
        if (next.score === (customer.rfmScore ?? null) && next.segment === (customer.rfmSegment ?? null)) continue;
        await ctx.records.update('customer', customer.id, { rfmScore: next.score, rfmSegment: next.segment });
        scored += 1;
      }
      ctx.log.info(`${byEmail.size} customer(s) with orders, ${scored} score(s) changed`);
    },
  },
});

/** One customer's orders, reduced. */
export interface OrderSummary {
  lastOrderAt: number;
  count: number;
  total: number;
}

export interface RfmScore {
  /** `R F M` digits, 1 (worst) to 5 (best), e.g. `545`. */
  score: string;
  segment: 'champion' | 'loyal' | 'new' | 'at risk' | 'hibernating' | 'regular';
}

const DAY_MS = 86_400_000;

/** 5 for the first bound met, 1 past them all. */
const bucket = (value: number, bounds: number[], better: (value: number, bound: number) => boolean) => {
  const index = bounds.findIndex((bound) => better(value, bound));
  return index === -1 ? 1 : 5 - index;
};

/** Scores a customer's orders as of `now`; monetary points are `monetaryStep` of spend each. */
export function rfmScore(orders: OrderSummary, now: number, monetaryStep: number): RfmScore {
  const days = (now - orders.lastOrderAt) / DAY_MS;
  const recency = bucket(days, [30, 60, 90, 180], (value, bound) => value <= bound);
  const frequency = bucket(orders.count, [10, 5, 3, 2], (value, bound) => value >= bound);
  const monetary = Math.min(5, Math.max(1, Math.floor(orders.total / monetaryStep)));
  const segment =
    recency >= 4 && frequency >= 4
      ? 'champion'
      : frequency >= 4
        ? recency <= 2
          ? 'at risk'
          : 'loyal'
        : recency >= 4 && frequency === 1
          ? 'new'
          : recency <= 2
            ? 'hibernating'
            : 'regular';
  return { score: `${recency}${frequency}${monetary}`, segment };
}

import { describe, expect, test } from 'vitest';
import { ClientSlots } from './client-slots';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ClientSlots', () => {
  test('a client runs at most its share at once; the rest wait and run in order as slots free', async () => {
    const slots = new ClientSlots(2, 10);
    const order: string[] = [];
    const first = await slots.enter('key:a');
    const second = await slots.enter('key:a');
    const third = slots.enter('key:a').then((leave) => {
      order.push('third');
      return leave;
    });
    const fourth = slots.enter('key:a').then((leave) => {
      order.push('fourth');
      return leave;
    });
    await tick();
    expect(order).toEqual([]);
    first!();
    await tick();
    expect(order).toEqual(['third']);
    second!();
    await tick();
    expect(order).toEqual(['third', 'fourth']);
    (await third)!();
    (await fourth)!();
    // Every slot is free again: two more enter at once.
    expect(await slots.enter('key:a')).toBeTypeOf('function');
    expect(await slots.enter('key:a')).toBeTypeOf('function');
  });

  test('other clients are not held up by one that uses all of its slots', async () => {
    const slots = new ClientSlots(1, 10);
    await slots.enter('key:busy');
    const waiting = slots.enter('key:busy');
    expect(await slots.enter('session:other')).toBeTypeOf('function');
    let done = false;
    void waiting.then(() => (done = true));
    await tick();
    expect(done).toBe(false);
  });

  test('past the waiting room, a request is refused at once; freeing a slot twice frees one', async () => {
    const slots = new ClientSlots(1, 1);
    const leave = (await slots.enter('key:a'))!;
    const queued = slots.enter('key:a');
    expect(await slots.enter('key:a')).toBeNull();
    leave();
    leave();
    const next = (await queued)!;
    // The second call freed nothing: the slot went to the queued request, and the next one waits.
    let admitted = false;
    const pending = slots.enter('key:a').then((leaveLater) => {
      admitted = true;
      return leaveLater;
    });
    await tick();
    expect(admitted).toBe(false);
    next();
    expect(await pending).toBeTypeOf('function');
  });
});

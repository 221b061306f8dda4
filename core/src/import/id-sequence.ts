import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';

/** Random bytes drawn at once: `uuid` asks the system for 16 per id, an eighth of a large import's Node time. */
const POOL_IDS = 512;

/**
 * uuid v7 ids for one import, as `uuid`'s `v7()` makes them (millisecond time, then a 32-bit
 * sequence started at random and counted up within a millisecond, so ids increase in input
 * order), with their random bytes taken from a pool refilled every POOL_IDS ids.
 */
export class IdSequence {
  private readonly pool = new Uint8Array(16 * POOL_IDS);
  private used = POOL_IDS;
  private msecs = -1;
  private seq = 0;

  next(): string {
    if (this.used === POOL_IDS) {
      randomFillSync(this.pool);
      this.used = 0;
    }
    const random = this.pool.subarray(16 * this.used, 16 * ++this.used);
    const now = Date.now();
    if (now > this.msecs) {
      this.msecs = now;
      // uuid's own start: 31 random bits, leaving room to count.
      this.seq = ((random[6]! & 0x7f) << 24) | (random[7]! << 16) | (random[8]! << 8) | random[9]!;
    } else {
      this.seq = (this.seq + 1) | 0;
      if (this.seq === 0) this.msecs++;
    }
    return uuidv7({ random, msecs: this.msecs, seq: this.seq });
  }
}

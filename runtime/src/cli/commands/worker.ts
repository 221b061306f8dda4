import { EventBus, type RecordHooks } from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../config';
import { startWorker } from '../../jobs';
import { UsageError } from '../cli-errors';
import { openConfiguredDatabase } from '../open-configured-database';
import { optionalInteger, parseOptions } from '../parse';
import { stopOnSignal } from '../stop-on-signal';

/**
 * `relata worker [--concurrency N]`: works the job queue without serving HTTP, beside any number
 * of `relata start` nodes (run those with RELATA_WORKER=off to keep jobs off the API nodes).
 */
export async function workerCommand(args: string[]): Promise<void> {
  const flags = parseOptions(args, { concurrency: { type: 'string' } });
  const config = loadConfig();
  const concurrency = optionalInteger(flags.concurrency, 'concurrency') ?? config.worker.concurrency;
  if (concurrency < 1 || concurrency > 100) throw new UsageError('--concurrency must be between 1 and 100.');
  const database = await openConfiguredDatabase(config);
  // Hooks of this process: none until plugins register theirs (the same list `relata start` gets).
  const hooks: RecordHooks = { before: [], after: [] };
  // Events of this process have no local listeners; other nodes hear the writes' NOTIFYs.
  const events = new EventBus(uuidv7());
  try {
    const worker = await startWorker({
      opened: database.opened,
      db: database.opened.db,
      events,
      hooks,
      recycleBinDays: config.recycleBinDays,
      concurrency,
    });
    stopOnSignal(async () => {
      await worker.stop();
      await database.close();
    });
    console.log(`Relata worker is running: ${concurrency} jobs at once.`);
    console.log('Press Ctrl+C to stop.');
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

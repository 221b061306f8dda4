import {
  createMetadataService,
  createRecordService,
  createSchemaCache,
  createSecretCipher,
  createSecretStore,
  EventBus,
  METADATA_CHANNEL,
  type RecordHooks,
  type RecordWriter,
} from '@relata/core';
import { v7 as uuidv7 } from 'uuid';
import { loadConfig } from '../../config';
import { startWorker } from '../../jobs';
import { createMailer } from '../../mail';
import { createPluginHost } from '../../plugins';
import { withWorkflowHooks } from '../../workflows';
import { listenForNotifications, WorkspaceManager } from '../../workspaces';
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
  const { db } = database.opened;
  // Events of this process have no local listeners; other nodes hear the writes' NOTIFYs.
  const nodeId = uuidv7();
  const events = new EventBus(nodeId);
  // Jobs run with each workspace's current metadata, dropped when any node changes it.
  const workspaces = new WorkspaceManager(db);
  // Hooks of this process: the workflow triggers and the enabled plugins' hooks (the same list `relata start` gets).
  const plugins = createPluginHost({
    db,
    secrets: createSecretStore({ db, cipher: createSecretCipher(database.secret) }),
    workspaces,
    metadata: createMetadataService({ db }),
    schemas: createSchemaCache(),
    events,
    records: () => records,
  });
  const hooks: RecordHooks = withWorkflowHooks(db, plugins.hooks, () => ({ events, mail, actions: plugins.actions }));
  const records: RecordWriter = createRecordService({ db, events, hooks });
  const listener = await listenForNotifications(
    database.opened,
    { [METADATA_CHANNEL]: (payload) => workspaces.noticed(payload) },
    () => workspaces.clear(),
  ).catch(async (error: unknown) => {
    await plugins.close();
    await database.close();
    throw error;
  });
  const mail = createMailer({ smtpUrl: config.smtpUrl, from: config.mailFrom });
  try {
    const worker = await startWorker({
      opened: database.opened,
      db,
      events,
      hooks,
      snapshotOf: (workspaceId) => workspaces.snapshotOf(workspaceId),
      recycleBinDays: config.recycleBinDays,
      runRetentionDays: config.runRetentionDays,
      secrets: createSecretStore({ db: database.opened.db, cipher: createSecretCipher(database.secret) }),
      mail,
      concurrency,
      nodeId,
      plugins,
      templatesDir: config.templatesDir,
    });
    stopOnSignal(async () => {
      await worker.stop();
      mail.close();
      await listener.close();
      await plugins.close();
      await database.close();
    });
    console.log(`Relata worker is running: ${concurrency} jobs at once.`);
    console.log('Press Ctrl+C to stop.');
  } catch (error) {
    await listener.close().catch(() => undefined);
    await plugins.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    throw error;
  }
}

export { cronMatches, latestFireTime, parseCron } from './cron-times';
export { fireSchedules, SCHEDULE_CATCH_UP_MS } from './fire-schedules';
export {
  type InboundWebhook,
  receiveWebhook,
  WEBHOOK_BODY_LIMIT_BYTES,
  webhookPath,
  webhookSecretName,
} from './inbound-webhook';
export {
  listManualWorkflows,
  type ManualCaller,
  type ManualRunStart,
  type ManualWorkflow,
  startManualRuns,
} from './manual-runs';

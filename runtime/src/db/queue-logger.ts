import { Logger } from 'graphile-worker';

/**
 * graphile-worker's messages at warning and above, on stderr: a failing job says which task and
 * why; its routine start-up and per-job lines would drown the server's own.
 */
export const queueLogger = new Logger((scope) => (level, message) => {
  if (level !== 'error' && level !== 'warning') return;
  const where = scope.taskIdentifier ? ` ${scope.taskIdentifier}${scope.jobId ? `#${scope.jobId}` : ''}` : '';
  console.error(`job queue${where}: ${message}`);
});

import { describe, expect, test } from 'vitest';
import type { ExternalActions } from '../workflows';
import { deliverMessageSms, SMS_SEND_ACTION } from './message-jobs';

const payload = { workspaceId: 'w1', messageId: 'm1', to: '+15552223333', body: 'It ships today.' };

/** Records the action calls it gets, answering like the SMS plugin's `send`. */
function recordingActions() {
  const calls: { workspaceId: string; name: string; input: Record<string, unknown> }[] = [];
  const actions: ExternalActions = {
    list: async () => [],
    run: async (workspaceId, name, input) => {
      calls.push({ workspaceId, name, input });
      return { providerId: 'p1' };
    },
  };
  return { calls, actions };
}

describe('deliverMessageSms', () => {
  test("calls the SMS plugin's send action with the number and text", async () => {
    const { calls, actions } = recordingActions();
    await deliverMessageSms(actions, payload);
    expect(calls).toEqual([
      { workspaceId: 'w1', name: SMS_SEND_ACTION, input: { to: '+15552223333', body: 'It ships today.' } },
    ]);
  });

  test('fails (the job is retried) on a worker without plugins, and on a malformed payload', async () => {
    await expect(deliverMessageSms(null, payload)).rejects.toThrow('runs no plugins');
    await expect(deliverMessageSms(recordingActions().actions, { to: 1 })).rejects.toThrow();
  });
});

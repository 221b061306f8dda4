import { webhookSignature } from '@relata/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { startWebhookReceiver } from '../webhooks/webhook-receiver';
import { type StudioHarness, startStudio } from './support/studio-harness';
import { choose, fillIn } from './support/ui';

let studio: StudioHarness;
let page: Page;
let receiver: Awaited<ReturnType<typeof startWebhookReceiver>>;

beforeAll(async () => {
  receiver = await startWebhookReceiver((_request, index) => (index === 0 ? 500 : 204));
  const port = receiver.port;
  studio = await startStudio({ worker: true, webhookRetryBaseMs: 20, outbound: { allowLoopbackPorts: [port] } });
  page = (await studio.newSession()).page;
  await studio.signIn(page);
});
afterAll(async () => {
  await studio?.close();
  await receiver?.close();
});

describe('webhook settings in Chromium', () => {
  test('an admin creates a webhook, copies its secret, and reads the delivery log with each response code', async () => {
    const { port, received } = receiver;
    await page.click('[data-test="nav-webhooks"]');
    await page.locator('[data-test="webhooks-page"]').waitFor();
    await page.click('[data-test="new-webhook"]');
    const form = page.locator('[data-test="webhook-form"]');
    await fillIn(form, 'webhook-name', 'New companies');
    await choose(page, form.locator('[data-test="webhook-object"]'), 'Company');
    await choose(page, form.locator('[data-test="webhook-role"]'), 'Member');
    await fillIn(form, 'webhook-url', `http://127.0.0.1:${port}/hook`);
    await studio.screenshot(page, '63-webhook-create');
    await page.click('[data-test="webhook-save"]');
    const secret = (await page.locator('[data-test="webhook-secret"]').textContent())!;
    expect(secret).toMatch(/^whsec_/);
    await studio.screenshot(page, '64-webhook-secret');
    await page.locator('.n-dialog').getByText('Done').click();

    const created = await studio.server.gql('mutation { createCompany(data: { name: "Hooked Inc" }) { id } }');
    expect(created.errors).toBeUndefined();
    await expect.poll(() => received.length, { timeout: 30_000 }).toBe(2);
    const last = received[1]!;
    const timestamp = Number(last.headers['x-relata-timestamp']);
    expect(last.headers['x-relata-signature']).toBe(webhookSignature(secret, timestamp, last.body));
    expect(JSON.parse(last.body)).toMatchObject({
      event: 'CREATED',
      object: 'company',
      record: { name: 'Hooked Inc' },
    });

    await page.locator('[data-test="webhook-New companies"]').getByText('Log').click();
    const log = page.locator('[data-test="delivery-log"]');
    await log.getByText('500 → 204').waitFor();
    await studio.screenshot(page, '65-webhook-log');
  });
});

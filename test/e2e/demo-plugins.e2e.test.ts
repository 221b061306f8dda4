/**
 * The three first-party plugins on the demo workspace (companies, people, opportunities: no
 * customers, orders or cases), installed from their packed tarballs in the studio: the install
 * dialog shows the objects each adds, and each then works there. RFM scores a customer once its
 * schedule has run, the SLA timer sets a new case's due time, and the SMS sender, configured in
 * the studio against a local fake provider, texts a new person from a workflow and the text shows
 * on her timeline.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packPlugin } from '@relata/plugin-sdk/build';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Page } from '../../studio/e2e/chromium';
import { apiOf, until } from '../workflows/workflow-test-kit';
import { type StudioHarness, startStudio } from './support/studio-harness';

const SMS_HOST = 'api.sms.example.com';
let studio: StudioHarness;
let page: Page;
let provider: Server;
let packs: string;
const texts: Array<{ to: string; body: string; authorization: string | undefined }> = [];

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      const sent = JSON.parse(body) as { to: string; body: string };
      texts.push({ to: sent.to, body: sent.body, authorization: request.headers.authorization });
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ id: `demo-${texts.length}` }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  studio = await startStudio({
    worker: true,
    // The manifest's provider host reaches the fake on its loopback port, and only that.
    outbound: {
      allowLoopbackPorts: [port],
      resolve: async (host) => (host === SMS_HOST ? ['127.0.0.1'] : []),
    },
  });
  ({ page } = await studio.newSession());
  await studio.signIn(page);
  packs = mkdtempSync(join(tmpdir(), 'relata-demo-plugins-'));
});
afterAll(async () => {
  await studio?.close();
  await new Promise((resolve) => provider?.close(resolve));
  if (packs) rmSync(packs, { recursive: true, force: true });
});

/** Packs the first-party plugin as its author would, and installs the tarball from the plugins page. */
async function installInStudio(name: string): Promise<string[]> {
  const packed = await packPlugin(fileURLToPath(new URL(`../../plugins/${name}`, import.meta.url)), packs);
  await page.goto('/admin/plugins');
  await page.click('[data-test="install-plugin"]');
  await page.setInputFiles('[data-test="plugin-file"]', packed.file);
  const preview = page.locator('[data-test="plugin-preview"]');
  await preview.waitFor();
  const adds = await preview.locator('[data-test="plugin-schema"] li').allTextContents();
  await studio.screenshot(page, `62-demo-install-${name}`);
  await page.click('[data-test="plugin-approve"]');
  await page.locator(`[data-test="plugin-${name}"]`).waitFor();
  expect(await page.locator(`[data-test="plugin-${name}"]`).textContent()).toContain('enabled');
  return adds;
}

describe('the first-party plugins on the demo workspace', () => {
  test('rfm, sla-timer and sms-sender install in the studio with the objects they need, and work', async () => {
    const { data, metadata } = apiOf(studio.server);
    // RFM: the demo has no customers or orders; the plugin brings them with its score fields.
    expect(await installInStudio('rfm')).toEqual([
      'new object Customer (customer): name, email, rfmScore, rfmSegment',
      'new object Order (order): customerEmail, amount, orderedAt',
    ]);
    const { createCustomer } = await data<{ createCustomer: { id: string } }>(
      'mutation { createCustomer(data: { name: "Ada Lovelace", email: "ada@example.com" }) { id } }',
    );
    const now = Date.now();
    await data('mutation($o: [OrderCreateInput!]!) { createOrders(data: $o) { id } }', {
      o: Array.from({ length: 12 }, (_, i) => ({
        customerEmail: 'ada@example.com',
        amount: 80,
        orderedAt: new Date(now - i * 86_400_000).toISOString(),
      })),
    });
    // The nightly schedule, run as the job queue's schedule job runs it.
    const { services } = studio.server.instance;
    const snapshot = await services.workspaces.snapshotOf(studio.server.workspace.id);
    const rfm = (await services.plugins.installations.enabled(snapshot)).find((it) => it.name === 'rfm')!;
    await services.plugins.runner.call(snapshot, rfm.id, 'schedules.nightly', {
      schedule: 'nightly',
      dueAt: new Date(now).toISOString(),
    });
    await page.goto(`/o/customers/${createCustomer.id}`);
    await page.locator('[data-test="field-rfmScore"]').getByText('555').waitFor();
    expect(await page.locator('[data-test="field-rfmSegment"]').textContent()).toContain('champion');
    await studio.screenshot(page, '63-demo-rfm-customer');

    // SLA timer: the case object it requires, with the priority its clock reads.
    expect(await installInStudio('sla-timer')).toEqual(['new object Case (case): subject, priority, dueBy, escalated']);
    const { createCase } = await data<{ createCase: { id: string; createdAt: string } }>(
      'mutation { createCase(data: { subject: "Demo projector is down", priority: HIGH }) { id createdAt } }',
    );
    const due = await until('the case due time', async () => {
      const { case: row } = await data<{ case: { dueBy: string | null } }>(
        'query($id: ID!) { case(id: $id) { dueBy } }',
        { id: createCase.id },
      );
      return row.dueBy;
    });
    expect(Date.parse(due) - Date.parse(createCase.createdAt)).toBe(8 * 3_600_000);
    await page.goto(`/o/cases/${createCase.id}`);
    await until('the due time on the case page', async () =>
      /\d/.test((await page.locator('[data-test="field-dueBy"]').textContent()) ?? ''),
    );
    await studio.screenshot(page, '64-demo-sla-case');

    // SMS sender: configured in the studio (the key write-only), then a step of a workflow on people.
    expect(await installInStudio('sms-sender')).toEqual([
      'new object SMS message (smsMessage): recipient, body, status, providerId',
    ]);
    const row = page.locator('[data-test="plugin-sms-sender"]');
    await row.locator('[data-test="plugin-settings"]').click();
    const form = page.locator('[data-test="plugin-settings-form"]');
    const port = (provider.address() as AddressInfo).port;
    await form.locator('[data-test="setting-baseUrl"] input').fill(`http://${SMS_HOST}:${port}`);
    await form.locator('[data-test="setting-from"] input').fill('+15550001111');
    await form.locator('[data-test="setting-apiKey"] input').fill('sk-demo');
    await page.click('[data-test="plugin-settings-save"]');
    await form.waitFor({ state: 'hidden' });
    const { createWorkflow } = await metadata<{ createWorkflow: { id: string } }>(
      'mutation($i: WorkflowInput!) { createWorkflow(input: $i) { id } }',
      {
        i: {
          name: 'Welcome text',
          definition: {
            trigger: { type: 'RECORD_CREATED', object: 'person' },
            steps: [
              {
                key: 'welcome',
                type: 'plugin:sms-sender.send',
                settings: { to: '{{ record.phone }}', body: 'Welcome to the demo!' },
              },
            ],
          },
        },
      },
    );
    await metadata('mutation($id: ID!) { activateWorkflow(id: $id) { active } }', { id: createWorkflow.id });
    const { createPerson } = await data<{ createPerson: { id: string } }>(
      'mutation { createPerson(data: { name: { firstName: "Ola", lastName: "Nordmann" }, phone: "+4740000001" }) { id } }',
    );
    await until('the text at the provider', async () => texts.length > 0);
    expect(texts).toEqual([{ to: '+4740000001', body: 'Welcome to the demo!', authorization: 'Bearer sk-demo' }]);
    await page.goto(`/o/people/${createPerson.id}`);
    await page.locator('[data-test="timeline"]').getByText('Welcome to the demo!').first().waitFor();
    await studio.screenshot(page, '65-demo-sms-timeline');
  }, 180_000);
});

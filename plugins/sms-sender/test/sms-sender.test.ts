/**
 * The SMS sender in a real Relata (the SDK's harness) against a local fake provider reached by
 * the manifest's host name: a message is sent with the secret API key and logged; a provider
 * failure fails the action (a workflow step retries it) and is logged as failed.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { type PluginTestRelata, startPluginTestRelata } from '@relata/plugin-sdk/testing';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';

let relata: PluginTestRelata;
let provider: Server;
const received: Array<{ path: string; authorization: string | undefined; body: unknown }> = [];
let answerStatus = 201;

beforeAll(async () => {
  provider = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ path: request.url ?? '', authorization: request.headers.authorization, body: JSON.parse(body) });
      response.writeHead(answerStatus, { 'content-type': 'application/json' });
      response.end(JSON.stringify(answerStatus < 300 ? { id: `msg-${received.length}` } : { error: 'out of credit' }));
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  const port = (provider.address() as AddressInfo).port;
  relata = await startPluginTestRelata({
    serverUrl: inject('testServerUrl'),
    fakeHosts: { 'api.sms.example.com': port },
  });
  await relata.install(fileURLToPath(new URL('..', import.meta.url)), {
    baseUrl: `http://api.sms.example.com:${port}`,
    from: '+15550001111',
    apiKey: 'sk-test-123',
  });
});
afterAll(async () => {
  await relata?.close();
  await new Promise((resolve) => provider?.close(resolve));
});

const messages = async () =>
  (
    await relata.gql<{ smsMessages: { nodes: Array<Record<string, unknown>> } }>(
      '{ smsMessages(orderBy: [{ createdAt: AscNullsLast }]) { nodes { recipient body status providerId } } }',
    )
  ).smsMessages.nodes;

describe('sms-sender', () => {
  test('sends through the provider with the secret key and logs the message', async () => {
    const output = await relata.runAction('sms-sender', 'send', { to: '+15552223333', body: 'Your case is solved.' });
    expect(output).toMatchObject({ providerId: 'msg-1' });
    expect(received).toEqual([
      {
        path: '/messages',
        authorization: 'Bearer sk-test-123',
        body: { from: '+15550001111', to: '+15552223333', body: 'Your case is solved.' },
      },
    ]);
    expect(await messages()).toEqual([
      { recipient: '+15552223333', body: 'Your case is solved.', status: 'sent', providerId: 'msg-1' },
    ]);
  });

  test('a provider failure fails the action with its answer and is logged as failed', async () => {
    answerStatus = 503;
    await expect(relata.runAction('sms-sender', 'send', { to: '+15552223333', body: 'Again' })).rejects.toMatchObject({
      code: 'PLUGIN_FAILED',
      message: expect.stringContaining('The SMS provider answered 503'),
    });
    expect((await messages()).at(-1)).toMatchObject({ body: 'Again', status: 'failed', providerId: null });
    answerStatus = 201;
  });

  test('bad input is refused before anything is sent', async () => {
    const before = received.length;
    await expect(relata.runAction('sms-sender', 'send', { to: '555', body: 'x' })).rejects.toMatchObject({
      message: expect.stringContaining('E.164'),
    });
    expect(received.length).toBe(before);
  });
});

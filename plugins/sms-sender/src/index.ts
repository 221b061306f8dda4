import { definePlugin } from '@relata/plugin-sdk';

interface SmsMessage {
  recipient: string;
  body: string;
  status: 'sent' | 'failed';
  providerId: string | null;
}

interface Settings {
  baseUrl: string;
  from: string;
  apiKey?: string;
}

const E164 = /^\+[0-9]{6,15}$/;

/** The provider's answer: `{ id }` on success; anything else is kept out of the log. */
function providerIdOf(body: string): string | null {
  try {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null && typeof (parsed as { id?: unknown }).id === 'string'
      ? (parsed as { id: string }).id
      : null;
  } catch {
    return null;
  }
}

export default definePlugin<{ smsMessage: SmsMessage }, Settings>({
  actions: {
    async send(input: { to: string; body: string }, ctx) {
      if (!E164.test(input.to ?? ''))
        throw new Error(`"${input.to}" is not a phone number in E.164 form (+15551234567).`);
      if (!input.body) throw new Error('The message has no text.');
      if (!ctx.settings.apiKey) throw new Error('Set the apiKey setting of the SMS sender first.');
      const response = await ctx.http.fetch({
        url: `${ctx.settings.baseUrl.replace(/\/+$/, '')}/messages`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.settings.apiKey}` },
        body: JSON.stringify({ from: ctx.settings.from, to: input.to, body: input.body }),
      });
      const sent = response.status >= 200 && response.status < 300;
      const providerId = sent ? providerIdOf(response.body) : null;
      // Every attempt is logged, failed ones too: a retried step shows each try.
      const message = await ctx.records.create('smsMessage', {
        recipient: input.to,
        body: input.body,
        status: sent ? 'sent' : 'failed',
        providerId,
      });
      if (!sent) throw new Error(`The SMS provider answered ${response.status}: ${response.body.slice(0, 200)}`);
      ctx.log.info(`sent to ${input.to}`);
      return { messageId: message.id, providerId };
    },
  },
});

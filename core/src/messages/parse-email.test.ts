import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parseEmail } from './parse-email';

const fixture = (name: string) => readFileSync(new URL(`../../../test/messages/fixtures/${name}`, import.meta.url));

describe('parseEmail on real MIME samples', () => {
  test('multipart/alternative: the HTML part, sanitised (no script, handler, image or head)', async () => {
    const mail = await parseEmail(fixture('multipart-alternative.eml'));
    expect(mail).toMatchObject({
      messageId: 'CAF7n1-first@mail.example.com',
      replyTo: [],
      subject: 'Invoice 2231 shows the wrong address',
      from: { address: 'ann.lee@example.com', name: 'Ann Lee' },
      to: ['support@acme.test'],
      quotedHtml: '',
      attachments: [],
    });
    expect(mail.date?.toISOString()).toBe('2026-11-30T09:12:40.000Z');
    expect(mail.html).toContain('<b>2231</b>');
    expect(mail.html).not.toMatch(/script|onclick|<img|ignored title|color:red/);
  });

  test('a Gmail reply: the new text apart from the quote, and the ids it answers nearest first', async () => {
    const mail = await parseEmail(fixture('gmail-reply.eml'));
    expect(mail.replyTo).toEqual(['reply-from-acme@acme.test', 'CAF7n1-first@mail.example.com']);
    expect(mail.html).toBe('Thanks, the new one is right.<br />');
    expect(mail.quotedHtml).toContain('We changed the address on invoice 2231.');
    expect(mail.quotedHtml).toContain('wrote:');
  });

  test('ISO-8859-1 quoted-printable plain text: decoded, and the "> " quote split off', async () => {
    const mail = await parseEmail(fixture('iso-8859-1-quoted.eml'));
    expect(mail.subject).toBe('Réglement de la facture');
    expect(mail.from).toEqual({ address: 'renee@example.fr', name: 'Renée François' });
    expect(mail.html).toBe('<p>Bonjour,</p><p>la facture a été réglée hier; merci de vérifier.</p>');
    expect(mail.quotedHtml).toContain('&gt; Votre facture est en attente.');
  });

  test('Shift_JIS headers and base64 body decode to the Japanese text', async () => {
    const mail = await parseEmail(fixture('shift-jis.eml'));
    expect(mail.subject).toBe('配送について');
    expect(mail.from.name).toBe('山田太郎');
    expect(mail.html).toBe('<p>お世話になっております。<br />注文番号 5512 の配送状況を教えてください。</p>');
  });

  test('windows-1252 smart quotes, dash and euro sign decode', async () => {
    const mail = await parseEmail(fixture('windows-1252.eml'));
    expect(mail.subject).toBe('“Quote” – price in €');
    expect(mail.html).toContain('“The quote costs 1\u00a0200 €” – is that right?');
  });

  test('attachments are described by name, type and size (their bytes are not kept)', async () => {
    const mail = await parseEmail(fixture('attachments.eml'));
    expect(mail.attachments).toEqual([
      { name: 'order-form.pdf', type: 'application/pdf', size: 900 },
      { name: 'quantities.csv', type: 'text/csv', size: 20 },
    ]);
    expect(mail.html).toBe('<p>Please find the signed order form and the quantities attached.</p>');
  });

  test('a mail without Message-ID is refused, naming the header', async () => {
    const raw = Buffer.from('From: a@example.com\r\nSubject: x\r\n\r\nbody\r\n');
    await expect(parseEmail(raw)).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      details: { field: 'body.message-id' },
    });
  });
});

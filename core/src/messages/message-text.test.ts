import { describe, expect, test } from 'vitest';
import { htmlToText } from './message-text';

describe('htmlToText (the text part of an outbound email)', () => {
  test.each([
    ['<p>Hello</p><p>Second</p>', 'Hello\n\nSecond'],
    ['<p>line<br />break</p>', 'line\nbreak'],
    ['<ul><li>one</li><li>two</li></ul>', '- one\n\n- two'],
    ['<p><a href="https://acme.test/x">the form</a></p>', 'the form (https://acme.test/x)'],
    ['<p>1 &lt; 2 &amp; &quot;ok&quot;</p>', '1 < 2 & "ok"'],
  ])('%s', (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});

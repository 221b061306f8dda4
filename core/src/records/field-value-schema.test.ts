import { describe, expect, test } from 'vitest';
import type { FieldMetadata } from '../metadata';
import { decimalPlaces, fieldValueSchema } from './field-value-schema';

describe('decimalPlaces', () => {
  test.each([
    [0, 0],
    [12, 0],
    [1.5, 1],
    [12.34, 2],
    [0.001, 3],
    [-7.125, 3],
    [1e-7, 7],
    [1e21, 0],
    [123456.789, 3],
  ])('%d has %d decimals', (value, places) => {
    expect(decimalPlaces(value)).toBe(places);
  });
});

describe('RICH_TEXT values are sanitised on write', () => {
  const field: FieldMetadata = {
    id: 'f1',
    objectId: 'o1',
    key: 'notes',
    name: 'notes',
    label: 'Notes',
    type: 'RICH_TEXT',
    description: null,
    required: false,
    unique: false,
    indexed: false,
    portalVisible: false,
    defaultValue: null,
    settings: {},
    columnName: 'notes',
    position: 0,
  };
  const write = (html: string) => fieldValueSchema(field, 'create').parse(html);

  test.each([
    ['script elements with their code', '<p>Hi</p><script>alert(1)</script>', '<p>Hi</p>'],
    ['on* handlers', '<p onclick="alert(1)">Hi <img src=x onerror="alert(1)"></p>', '<p>Hi </p>'],
    ['javascript: links', '<a href="javascript:alert(1)">go</a>', '<a rel="noopener noreferrer nofollow">go</a>'],
    [
      'case-mangled script URLs',
      '<a href=" JaVaScRiPt:alert(1)">go</a>',
      '<a rel="noopener noreferrer nofollow">go</a>',
    ],
    [
      'data: URLs',
      '<a href="data:text/html,<script>alert(1)</script>">go</a>',
      '<a rel="noopener noreferrer nofollow">go</a>',
    ],
    ['style and iframe elements', '<style>p{}</style><iframe src="https://x.test"></iframe><p>ok</p>', '<p>ok</p>'],
    ['svg with script', '<svg><script>alert(1)</script></svg>text', 'text'],
    ['style attributes', '<p style="background:url(x)">ok</p>', '<p>ok</p>'],
  ])('removes %s', (_what, input, stored) => {
    expect(write(input)).toBe(stored);
  });

  test('keeps the formatting the editor produces', () => {
    const html =
      '<h2>Plan</h2><p><strong>Bold</strong>, <em>italic</em>, <u>under</u>, <s>gone</s><br /><code>x</code></p>' +
      '<ul><li><p>one</p></li></ul><ol start="3"><li><p>three</p></li></ol><blockquote><p>quote</p></blockquote>';
    expect(write(html)).toBe(html);
  });

  test('keeps http(s) and mailto links, opening new tabs without a window handle', () => {
    expect(write('<a href="https://example.com/a?b=1&amp;c=2" target="_top">site</a>')).toBe(
      '<a href="https://example.com/a?b=1&amp;c=2" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    );
    expect(write('<a href="mailto:ada@example.com">mail</a>')).toBe(
      '<a href="mailto:ada@example.com" rel="noopener noreferrer nofollow">mail</a>',
    );
  });

  test('checks length before sanitising, on the text as sent', () => {
    const short: FieldMetadata = { ...field, settings: { validation: { maxLength: 10 } } };
    expect(fieldValueSchema(short, 'update').safeParse('<p>far too long</p>').success).toBe(false);
  });
});

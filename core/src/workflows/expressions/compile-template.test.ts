import { describe, expect, test } from 'vitest';
import { compileTemplate } from './compile-template';
import { context, fieldId, scope, values } from './test-scope';

const site = { step: 'email', setting: 'subject' };
const render = (source: string) => compileTemplate(source, scope, site).evaluate(values, context);

describe('templates', () => {
  test.each([
    ['Hello {{ record.contact }}', 'Hello Ada Lovelace'],
    ['{{record.title}} for {{ record.amount }}', 'Big deal for 1200.5 EUR'],
    ['Tags: {{ record.tags }}.', 'Tags: HOT.'],
    ['No parts at all', 'No parts at all'],
    ['Literal \\{{ braces }}', 'Literal {{ braces }}'],
    ['{{ "}}" }} inside a string', '}} inside a string'],
    ['Empty: [{{ record.extra.none }}]', 'Empty: []'],
    ['Closes {{ formatDate(record.closeDate, "d MMMM yyyy") }}', 'Closes 31 January 2026'],
  ])('%s', (source, expected) => {
    expect(render(source)).toBe(expected);
  });

  test('a lone expression keeps its type, so a number setting gets a number', () => {
    const template = compileTemplate('  {{ record.seats + 1 }} ', scope, site);
    expect(template.type.kind).toBe('number');
    expect(template.evaluate(values, context)).toBe(13);
  });

  test('errors point into the whole template', () => {
    expect(() => compileTemplate('Hello {{ record.nmae }}!', scope, site)).toThrow(
      expect.objectContaining({
        message: 'Step "email", setting "subject": deal has no field "nmae" at "nmae".',
        details: expect.objectContaining({ start: 16, end: 20, fragment: 'nmae' }),
      }),
    );
    expect(() => compileTemplate('Hello {{ record.title', scope, site)).toThrow('"{{" is never closed by "}}"');
  });

  test('stored by id, shown by name', () => {
    const template = compileTemplate('Hi {{record.contact.firstName}}!', scope, site);
    expect(template.stored).toBe(`Hi {{ record.#${fieldId('contact')}.firstName }}!`);
    expect(compileTemplate(template.stored, scope, site).display).toBe('Hi {{ record.contact.firstName }}!');
  });
});

import type { ValidationRule } from 'graphql';

/**
 * yoga caches a document's validation result by the names of the rules, not by the variables:
 * a rule whose verdict depends on the variables must carry in its name everything it reads of
 * them, or one request's verdict would be served to the next (a page size refused for everyone
 * after one caller asked too much, or a deep variable let through after a shallow one passed).
 */
export function named(rule: ValidationRule, name: string): ValidationRule {
  Object.defineProperty(rule, 'name', { value: name });
  return rule;
}

import { badInput } from '@relata/core';
import type { z } from 'zod';

/**
 * Validates external input with `schema`.
 * @throws BAD_USER_INPUT naming the first offending field
 */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw badInput(String(issue.path[0] ?? 'input'), issue.message);
}

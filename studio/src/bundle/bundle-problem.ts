import { ApiError } from '../api/graphql-client';
import type { BundleProblem } from './bundle-files';

/** A failed plan or apply as the page shows it: the message, and the file and path it names. */
export function bundleProblem(error: unknown): BundleProblem {
  if (error instanceof ApiError) {
    const first = error.errors[0]?.extensions;
    const file = typeof first?.file === 'string' ? first.file : null;
    return { message: error.message, file, path: file && error.field ? error.field : null };
  }
  return { message: error instanceof Error ? error.message : String(error), file: null, path: null };
}

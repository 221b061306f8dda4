import { ErrorCode } from '@relata/core';
import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

export const responseTooLarge = () =>
  new GraphQLError('The answer would be too large; request smaller pages, fewer fields or fewer aliases.', {
    extensions: { code: ErrorCode.LIMIT_EXCEEDED, reason: 'RESPONSE_TOO_LARGE' },
  });

/**
 * Refuses an answer whose data is longer than `maxBytes` once serialised (the compiled fast path
 * hands such a request here, so it is refused alike). Subscriptions stream small events and
 * are left alone.
 */
export const useResponseLimit = (maxBytes: number): Plugin => ({
  onExecute: () => ({
    onExecuteDone: ({ result, setResult }) => {
      if (Symbol.asyncIterator in result) return;
      if (Buffer.byteLength(JSON.stringify(result.data ?? null)) > maxBytes) {
        setResult({ data: null, errors: [responseTooLarge()] });
      }
    },
  }),
});

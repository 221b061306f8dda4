import { ErrorCode } from '@relata/core';
import { GraphQLError, type ParseOptions } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/**
 * Most tokens a GraphQL document may hold (the largest studio query holds a few hundred). The
 * parser stops at once past it, so a huge document costs no more than this to refuse.
 */
const MAX_DOCUMENT_TOKENS = 5_000;

/** Parser options of every GraphQL endpoint and of the compiled-read fast path. */
export const PARSE_OPTIONS: ParseOptions = { maxTokens: MAX_DOCUMENT_TOKENS };

// graphql-js words it "more that N tokens" (sic); both spellings are matched.
const TOKEN_LIMIT = /^Syntax Error: Document contains more tha[nt] \d+ tokens/;

/** Answers the parser's token limit as LIMIT_EXCEEDED, without saying what the limit is. */
export const useDocumentLimits = (): Plugin => ({
  onParse: ({ parseFn, setParseFn }) => {
    setParseFn((source, options) => parseFn(source, { ...options, ...PARSE_OPTIONS }));
    return ({ result, replaceParseResult }) => {
      if (result instanceof GraphQLError && TOKEN_LIMIT.test(result.message)) {
        replaceParseResult(
          new GraphQLError('The document is too long; split it into smaller requests.', {
            extensions: { code: ErrorCode.LIMIT_EXCEEDED },
          }),
        );
      }
    };
  },
});

import { GraphQLError, type ValidationContext, type ValidationRule } from 'graphql';

const DID_YOU_MEAN = /\s*Did you mean [^?]*\?/g;

/** A message without graphql-js' "Did you mean ...?" hints. */
export function stripSuggestions(message: string): string {
  return message.replace(DID_YOU_MEAN, '');
}

/** The same error without suggestions (for execution errors such as variable coercion). */
export function withoutSuggestions(error: GraphQLError): GraphQLError {
  const message = stripSuggestions(error.message);
  if (message === error.message) return error;
  return new GraphQLError(message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: error.extensions,
  });
}

const patched = new WeakSet<ValidationContext>();

/**
 * A validation rule that strips "Did you mean ...?" from every error any rule reports.
 * graphql-js creates every rule's visitor before visiting and all report through the one
 * shared context, so replacing the context's `reportError` here covers the specified rules too.
 * Names suggested come from the role's own schema, yet the hint still helps probing by typo.
 */
export const NoSuggestionsRule: ValidationRule = (context) => {
  if (!patched.has(context)) {
    patched.add(context);
    const report = context.reportError.bind(context);
    context.reportError = (error: GraphQLError) => report(withoutSuggestions(error));
  }
  return {};
};

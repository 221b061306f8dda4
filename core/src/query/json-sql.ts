import { quoteLiteral } from '../db';

/** `json_build_object` takes at most 100 arguments; wider objects are merged as jsonb. */
const MAX_PAIRS = 50;

/** A JSON object from (response key, SQL expression) pairs. Keys are GraphQL names, checked by the parser. */
export function jsonObject(pairs: ReadonlyArray<readonly [string, string]>): string {
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += MAX_PAIRS) {
    const args = pairs.slice(i, i + MAX_PAIRS).flatMap(([key, expr]) => [quoteLiteral(key), expr]);
    chunks.push(`json_build_object(${args.join(', ')})`);
  }
  if (chunks.length === 0) return `'{}'::json`;
  if (chunks.length === 1) return chunks[0] as string;
  return `(${chunks.map((c) => `${c}::jsonb`).join(' || ')})::json`;
}

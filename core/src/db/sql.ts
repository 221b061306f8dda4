/** Quotes a SQL identifier. Every identifier that reaches SQL goes through here. */
export function quoteIdent(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) {
    throw new Error(`invalid SQL identifier ${JSON.stringify(name)}`);
  }
  return `"${name.replaceAll('"', '""')}"`;
}

/** `"schema"."table"` */
export function qualify(schema: string, table: string): string {
  return `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/** Quotes a string literal; only for DDL where Postgres does not accept parameters (DEFAULT, COMMENT). */
export function quoteLiteral(value: string): string {
  if (value.includes('\u0000')) throw new Error('invalid SQL literal');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Collects bound parameters while SQL text is assembled: `params.add(v)` returns `$n`.
 */
export class ParamList {
  readonly values: unknown[] = [];

  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

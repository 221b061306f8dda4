import { UnderscoreNamingStrategy } from '@mikro-orm/core';

// PostgreSQL's own suffixes for constraints it names itself (`create table ... unique`,
// `references ...`): the system schema was written by hand with those, so MikroORM must name
// them alike or every schema diff would rename every constraint.
const POSTGRES_SUFFIX: Partial<Record<string, string>> = { foreign: 'fkey', unique: 'key' };

/** MikroORM's underscore naming, with constraint names as PostgreSQL gives them. */
export class PostgresNaming extends UnderscoreNamingStrategy {
  override indexName(
    tableName: string,
    columns: string[],
    type: 'primary' | 'foreign' | 'unique' | 'index' | 'sequence' | 'check' | 'default',
  ): string {
    const suffix = POSTGRES_SUFFIX[type];
    if (!suffix) return super.indexName(tableName, columns, type);
    const table = tableName.includes('.') ? tableName.slice(tableName.indexOf('.') + 1) : tableName;
    return `${table}_${columns.join('_')}_${suffix}`;
  }
}

import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { columnsFromRecord, type ObjectMetadata, qualify, quoteIdent, type RecordValues } from '@relata/core';
import type pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { v7 as uuidv7 } from 'uuid';

/** COPY text format: backslash escapes, `\N` for null. */
function copyValue(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.replace(/[\\\t\n\r]/g, (c) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[c]!);
}

export interface CopyTiming {
  rows: number;
  ms: number;
}

/**
 * Raw COPY of the same API-form rows into a scratch copy of the object's table (same columns,
 * defaults and indexes; no triggers, foreign keys, audit or outbox): the floor any write path
 * is compared with. Mapping to columns and encoding are inside the timing.
 */
export async function copyIntoScratch(
  pool: pg.Pool,
  schema: string,
  object: ObjectMetadata,
  records: readonly RecordValues[],
): Promise<CopyTiming> {
  const scratch = `${object.tableName}_copy_${Date.now()}`;
  const target = qualify(schema, scratch);
  await pool.query(
    `create table ${target} (like ${qualify(schema, object.tableName)} including defaults including indexes)`,
  );
  const client = await pool.connect();
  try {
    const columns = Object.keys(columnsFromRecord(object, records[0]!));
    const list = ['id', ...columns].map(quoteIdent).join(', ');
    const started = performance.now();
    const lines = (function* () {
      for (const record of records) {
        const row = columnsFromRecord(object, record);
        yield `${[uuidv7(), ...columns.map((c) => row[c])].map(copyValue).join('\t')}\n`;
      }
    })();
    await pipeline(Readable.from(lines), client.query(copyStreams.from(`copy ${target} (${list}) from stdin`)));
    return { rows: records.length, ms: performance.now() - started };
  } finally {
    client.release();
    await pool.query(`drop table ${target}`);
  }
}

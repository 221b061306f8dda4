import { qualify, quoteIdent } from '@relata/core';
import type { PgDatabase } from '@relata/runtime';

/** The schema PostGraphile serves: its own tables, as a PostGraphile user would declare them. */
export const PEER_SCHEMA = 'postgraphile_crm';

/** Each table: the columns a PostGraphile user declares for the same data (uuid key, timestamps, a version for optimistic locking, the fields). */
const TABLES: Record<string, string[]> = {
  companies: ['id', 'created_at', 'updated_at', 'version', 'name', 'domain', 'employees'],
  people: [
    'id',
    'created_at',
    'updated_at',
    'version',
    'full_name_first_name',
    'full_name_last_name',
    'email',
    'company_id',
  ],
  opportunities: [
    'id',
    'created_at',
    'updated_at',
    'version',
    'title',
    'amount_amount',
    'amount_currency_code',
    'stage',
    'close_date',
    'probability',
    'company_id',
  ],
};

/**
 * Keys, foreign keys and indexes of the peer's tables: what the CRM declares in Relata (the unique
 * fields, the indexed name and stage, the two composite indexes of CRM_INDEXES, an index under each
 * foreign key), written as plain DDL. Relata's own indexes are partial (`deleted_at is null`, soft
 * delete); PostGraphile's tables have no soft delete, so theirs are whole. Same keys, same order.
 */
const CONSTRAINTS = (s: string) => [
  `alter table ${s}.companies add primary key (id), add unique (domain)`,
  `create index on ${s}.companies (name)`,
  `alter table ${s}.people add primary key (id), add unique (email),
     add foreign key (company_id) references ${s}.companies (id) on delete set null`,
  `create index on ${s}.people (company_id, email, id)`,
  `alter table ${s}.opportunities add primary key (id),
     add foreign key (company_id) references ${s}.companies (id) on delete restrict`,
  `create index on ${s}.opportunities (company_id)`,
  `create index on ${s}.opportunities (stage)`,
  // PostGraphile breaks ties on the primary key in the sort's direction (`amount desc, id desc`).
  `create index on ${s}.opportunities (stage, amount_amount desc, id desc)`,
];

/**
 * Issue 13's fair peer: the outside measurement loaded each server's data through that server, so
 * PostGraphile read its own narrow tables (no search vector, no system columns) with the indexes
 * its user made, while our bench had it read Relata's wide tables through a partial index its
 * queries cannot use (they have no `deleted_at is null`). This copies the CRM's live rows (same
 * ids, same values, same physical order: uuid v7 ids in creation order) into tables of the peer's
 * own, then VACUUM ANALYZEs them as the seed does Relata's. (Loading 160k rows through
 * PostGraphile's one-row create mutations would take minutes of the bench's budget and give the
 * same table contents.)
 */
export async function createPeerTables(db: PgDatabase, sourceSchema: string): Promise<string> {
  const peer = quoteIdent(PEER_SCHEMA);
  await dropPeerTables(db);
  await db.query(`create schema ${peer}`);
  for (const [table, columns] of Object.entries(TABLES)) {
    const list = columns.map(quoteIdent).join(', ');
    await db.query(
      `create table ${peer}.${quoteIdent(table)} as
       select ${list} from ${qualify(sourceSchema, table)} where deleted_at is null order by id`,
    );
  }
  for (const statement of CONSTRAINTS(peer)) await db.query(statement);
  for (const table of Object.keys(TABLES)) await db.query(`vacuum analyze ${peer}.${quoteIdent(table)}`);
  return PEER_SCHEMA;
}

/** Removes the peer's tables (the scenarios after it measure Relata alone). */
export async function dropPeerTables(db: PgDatabase): Promise<void> {
  await db.query(`drop schema if exists ${quoteIdent(PEER_SCHEMA)} cascade`);
}

import {
  createIndexService,
  type IndexChange,
  type IndexService,
  type IndexSuggestion,
  type ObjectIndex,
} from '../indexes';
import type { IndexKeyInput } from '../query';
import type { MetadataBuilder } from './builder';
import type { MetadataRequestContext } from './request-context';

const indexes = (ctx: MetadataRequestContext): IndexService => ctx.indexes ?? createIndexService({ db: ctx.db });

const DRY_RUN = 'true: return the plan without changing anything (checks included: filter, duplicates).';

/**
 * `indexes(object)`, `createIndex`, `updateIndex` and `deleteIndex` of `/metadata`: indexes an
 * object declares over its fields, built concurrently, listed with their size and use.
 */
export function addIndexFields(builder: MetadataBuilder) {
  const Direction = builder.enumType('IndexKeyDirection', {
    values: ['AscNullsFirst', 'AscNullsLast', 'DescNullsFirst', 'DescNullsLast'] as const,
  });
  const Status = builder.enumType('IndexStatus', {
    description: 'BUILDING while PostgreSQL builds it concurrently; FAILED keeps the reason in `error`.',
    values: ['BUILDING', 'VALID', 'FAILED'] as const,
  });
  const KeyRef = builder.objectRef<IndexKeyInput>('IndexKey').implement({
    fields: (t) => ({
      field: t.exposeString('field', { description: 'API field name, as orderBy names it.' }),
      direction: t.field({ type: Direction, resolve: (k) => k.direction }),
      caseInsensitive: t.boolean({
        description: 'The text is compared lower-cased (a unique email ignores case).',
        resolve: (k) => k.caseInsensitive === true,
      }),
    }),
  });
  const IndexRef = builder.objectRef<ObjectIndex>('ObjectIndex').implement({
    fields: (t) => ({
      key: t.exposeString('key', {
        description: 'Stable key that bundle files name it by; set at creation, unchanged by renames.',
      }),
      name: t.exposeString('name'),
      object: t.exposeString('object'),
      indexName: t.exposeString('indexName', { description: 'The PostgreSQL index, as EXPLAIN names it.' }),
      keys: t.field({ type: [KeyRef], resolve: (i) => i.keys }),
      filter: t.field({ type: 'JSON', nullable: true, resolve: (i) => i.filter }),
      unique: t.exposeBoolean('unique'),
      status: t.field({ type: Status, resolve: (i) => i.status }),
      error: t.exposeString('error', { nullable: true }),
      sizeBytes: t.exposeFloat('sizeBytes', { nullable: true }),
      scans: t.exposeFloat('scans', {
        nullable: true,
        description: 'Index scans since the server’s statistics were reset; 0: no query has used it.',
      }),
    }),
  });
  const SuggestionRef = builder.objectRef<IndexSuggestion>('IndexSuggestion').implement({
    description: 'The index a saved view’s filter and sort would need (equality fields, the sort, then id).',
    fields: (t) => ({
      view: t.exposeString('view'),
      keys: t.field({ type: [KeyRef], resolve: (s) => s.keys }),
      coveredBy: t.exposeString('coveredBy', {
        nullable: true,
        description: 'The declared index that already serves it; null: create one with these keys.',
      }),
    }),
  });
  const ChangeRef = builder.objectRef<IndexChange>('IndexChange').implement({
    fields: (t) => ({
      applied: t.exposeBoolean('applied'),
      plan: t.exposeStringList('plan', { description: 'The SQL the change runs (or would run), in order.' }),
      index: t.field({ type: IndexRef, nullable: true, resolve: (c) => c.index }),
    }),
  });
  const KeyInput = builder.inputType('IndexKeyInput', {
    fields: (t) => ({
      field: t.string({ required: true }),
      direction: t.field({ type: Direction }),
      caseInsensitive: t.boolean({ description: 'Compare a text key lower-cased (default false).' }),
    }),
  });
  const FILTER = 'A data API filter on the object’s own fields; null: all live records.';
  const CreateInput = builder.inputType('CreateIndexInput', {
    fields: (t) => ({
      name: t.string({ required: true }),
      keys: t.field({ type: [KeyInput], required: true }),
      filter: t.field({ type: 'JSON', description: FILTER }),
      unique: t.boolean(),
    }),
  });
  const UpdateInput = builder.inputType('UpdateIndexInput', {
    fields: (t) => ({
      name: t.string(),
      keys: t.field({ type: [KeyInput] }),
      filter: t.field({ type: 'JSON', description: `${FILTER} Absent: unchanged.` }),
      unique: t.boolean(),
    }),
  });
  /** GraphQL hands absent optional arguments as null; the service reads absent as "unchanged". */
  const given = (input: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(input).filter(([key, value]) => value !== null || key === 'filter'));

  builder.queryFields((t) => ({
    indexes: t.field({
      type: [IndexRef],
      args: { object: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => indexes(ctx).list(ctx.workspaceId, args.object),
    }),
    indexSuggestions: t.field({
      type: [SuggestionRef],
      args: { object: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => indexes(ctx).suggest(ctx.workspaceId, args.object, ctx.actor),
    }),
  }));
  builder.mutationFields((t) => ({
    createIndex: t.field({
      type: ChangeRef,
      args: {
        object: t.arg.string({ required: true }),
        input: t.arg({ type: CreateInput, required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        indexes(ctx).create(ctx.workspaceId, args.object, given(args.input), { dryRun: args.dryRun ?? false }),
    }),
    updateIndex: t.field({
      type: ChangeRef,
      args: {
        object: t.arg.string({ required: true }),
        name: t.arg.string({ required: true }),
        input: t.arg({ type: UpdateInput, required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        indexes(ctx).update(ctx.workspaceId, args.object, args.name, given(args.input), {
          dryRun: args.dryRun ?? false,
        }),
    }),
    deleteIndex: t.field({
      type: ChangeRef,
      args: {
        object: t.arg.string({ required: true }),
        name: t.arg.string({ required: true }),
        dryRun: t.arg.boolean({ description: DRY_RUN }),
      },
      resolve: (_root, args, ctx) =>
        indexes(ctx).delete(ctx.workspaceId, args.object, args.name, { dryRun: args.dryRun ?? false }),
    }),
  }));
}

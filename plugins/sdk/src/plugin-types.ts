/**
 * What a plugin's code sees. Everything crosses the sandbox as JSON copies: records, settings and
 * answers are plain data, and nothing a plugin receives is a live host object.
 */

/** A record as the record service returns it: its id and the fields the plugin may read. */
export type PluginRecord<Fields extends object = Record<string, unknown>> = { id: string } & Partial<Fields>;

/** Record shapes by object API name, declared by the author for typing (`definePlugin<{ contact: {...} }>`). */
export type RecordShapes = Record<string, object>;

type FieldsOf<R extends RecordShapes, O extends string> = O extends keyof R ? R[O] : Record<string, unknown>;

export interface FindQuery {
  /** Filter in the GraphQL `where` form: `{ email: { eq: 'a@b.c' } }`. */
  where?: Record<string, unknown>;
  orderBy?: Array<Record<string, 'ASC' | 'DESC'>>;
  /** At most 200. */
  first?: number;
  after?: string;
}

export interface RecordsApi<R extends RecordShapes> {
  find<O extends string>(object: O, query?: FindQuery): Promise<Array<PluginRecord<FieldsOf<R, O>>>>;
  get<O extends string>(object: O, id: string): Promise<PluginRecord<FieldsOf<R, O>> | null>;
  create<O extends string>(object: O, values: Partial<FieldsOf<R, O>>): Promise<PluginRecord<FieldsOf<R, O>>>;
  update<O extends string>(
    object: O,
    id: string,
    values: Partial<FieldsOf<R, O>>,
  ): Promise<PluginRecord<FieldsOf<R, O>>>;
  delete(object: string, id: string): Promise<void>;
}

export interface HttpRequest {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  /** Sent as is; pass `JSON.stringify(...)` with a content-type header for JSON. */
  body?: string;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** The body as text (UTF-8). */
  body: string;
  /** The final URL after redirects. */
  url: string;
}

export interface PluginLog {
  info(...parts: unknown[]): void;
  warn(...parts: unknown[]): void;
  error(...parts: unknown[]): void;
}

/** The `ctx` every handler receives: only what the plugin's manifest was granted. */
export interface PluginContext<R extends RecordShapes = RecordShapes, S extends object = Record<string, unknown>> {
  records: RecordsApi<R>;
  /** Reaches only the manifest's `permissions.http` hosts, never private or loopback addresses. */
  http: { fetch(request: HttpRequest): Promise<HttpResponse> };
  /** This workspace's settings of the plugin, secret ones decrypted; frozen. */
  settings: Readonly<S>;
  log: PluginLog;
}

export type WriteKind = 'create' | 'update' | 'delete';

/** What a before-hook receives: the write about to happen. */
export interface BeforeWriteEvent<Fields extends object> {
  object: string;
  kind: WriteKind;
  id: string;
  /** The values being written (validated, API form); empty for a delete. */
  data: Partial<Fields>;
  /** The stored record before the write; absent on create. */
  before?: PluginRecord<Fields>;
}

/**
 * What a before-hook may answer: nothing (the write goes ahead), values merged over the write's
 * `data` (only fields the plugin may write; validated again), or a refusal whose message the
 * user sees.
 */
export type BeforeWriteResult<Fields extends object> =
  | undefined
  | { data: Partial<Fields> }
  | { reject: string; field?: Extract<keyof Fields, string> };

/** What an after-hook receives: the committed write (delivered at least once). */
export interface AfterWriteEvent<Fields extends object> {
  object: string;
  kind: WriteKind;
  id: string;
  data: Partial<Fields>;
  before?: PluginRecord<Fields>;
  /** The record as stored; null once deleted. */
  record: PluginRecord<Fields> | null;
}

type Awaitable<T> = T | Promise<T>;

export interface ObjectHooks<Fields extends object, Ctx> {
  beforeCreate?(event: BeforeWriteEvent<Fields>, ctx: Ctx): Awaitable<BeforeWriteResult<Fields>>;
  beforeUpdate?(event: BeforeWriteEvent<Fields>, ctx: Ctx): Awaitable<BeforeWriteResult<Fields>>;
  beforeDelete?(event: BeforeWriteEvent<Fields>, ctx: Ctx): Awaitable<BeforeWriteResult<Fields>>;
  afterCreate?(event: AfterWriteEvent<Fields>, ctx: Ctx): Awaitable<void>;
  afterUpdate?(event: AfterWriteEvent<Fields>, ctx: Ctx): Awaitable<void>;
  afterDelete?(event: AfterWriteEvent<Fields>, ctx: Ctx): Awaitable<void>;
}

export interface ScheduleEvent {
  /** The schedule's name in the manifest. */
  schedule: string;
  /** When the run was due (ISO 8601). */
  dueAt: string;
}

/**
 * A plugin's code: handlers for what its manifest contributes. Hooks by object then event
 * (`hooks.contact.beforeUpdate`), actions and schedules by their manifest name.
 */
export interface PluginDefinition<R extends RecordShapes = RecordShapes, S extends object = Record<string, unknown>> {
  hooks?: { [O in keyof R & string]?: ObjectHooks<R[O], PluginContext<R, S>> } & {
    [object: string]: ObjectHooks<Record<string, unknown>, PluginContext<R, S>> | undefined;
  };
  actions?: Record<string, (input: never, ctx: PluginContext<R, S>) => Awaitable<unknown>>;
  schedules?: Record<string, (event: ScheduleEvent, ctx: PluginContext<R, S>) => Awaitable<void>>;
}

/**
 * Source evaluated in every plugin isolate before the plugin's bundle. It takes the one
 * function the child hands in (`send`: copies four strings out, returns nothing), hides it in
 * a closure, and returns `[invoke, settle]`, which the child keeps as references: the plugin's
 * code never sees a host function, a Reference or an ExternalCopy. Everything crosses as JSON
 * text. What a plugin does to this scaffolding (overwriting JSON, Promise...) breaks only itself.
 *
 * `invoke` resolves to a JSON envelope so the child can tell a plugin's own throw from a
 * missing entry or an output that cannot cross.
 */
export const ISOLATE_BOOTSTRAP = `(function (send) {
  'use strict';
  // Shared memory and WebAssembly allocate outside the heap limit; plugins get neither.
  for (const name of ['WebAssembly', 'SharedArrayBuffer', 'Atomics']) delete globalThis[name];
  const { parse, stringify } = JSON;
  const freeze = Object.freeze;
  const deepFreeze = (value) => {
    if (value !== null && typeof value === 'object') {
      for (const key of Object.keys(value)) deepFreeze(value[key]);
      freeze(value);
    }
    return value;
  };
  const mod = { exports: {} };
  globalThis.module = mod;
  globalThis.exports = mod.exports;

  const pending = new Map();
  let lastSeq = 0;
  const hostCall = (callId, op, args) =>
    new Promise((resolve, reject) => {
      const seq = ++lastSeq;
      pending.set(seq, { resolve, reject });
      send(callId, seq, op, stringify(args));
    });
  const settle = (seq, ok, value) => {
    const waiting = pending.get(seq);
    if (!waiting) return;
    pending.delete(seq);
    const parsed = parse(value);
    if (ok) return waiting.resolve(parsed);
    const error = new Error(parsed.message);
    error.code = parsed.code;
    if (parsed.field !== undefined) error.field = parsed.field;
    waiting.reject(error);
  };

  const text = (part) => {
    if (typeof part === 'string') return part;
    try { return stringify(part) ?? String(part); } catch { return String(part); }
  };
  const contextFor = (callId, settings) => {
    const op = (name) => (...args) => hostCall(callId, name, args);
    const log = (level) => (...parts) => {
      hostCall(callId, 'log', [level, parts.map(text).join(' ')]).catch(() => {});
    };
    return freeze({
      records: freeze({
        find: op('records.find'),
        get: op('records.get'),
        create: op('records.create'),
        update: op('records.update'),
        delete: op('records.delete'),
      }),
      http: freeze({ fetch: op('http.fetch') }),
      settings: deepFreeze(settings),
      log: freeze({ info: log('info'), warn: log('warn'), error: log('error') }),
    });
  };

  // entry: "actions.score", "schedules.nightly" or "hooks.contact.beforeUpdate"; own properties only.
  const handlerOf = async (entry, ctx) => {
    const exported = mod.exports !== null && typeof mod.exports === 'object' && 'default' in mod.exports
      ? mod.exports.default
      : mod.exports;
    let found = typeof exported === 'function' ? await exported(ctx) : exported;
    for (const key of entry.split('.')) {
      found = found !== null && typeof found === 'object' && Object.hasOwn(found, key) ? found[key] : undefined;
    }
    return typeof found === 'function' ? found : undefined;
  };

  const invoke = async (callId, entry, input, settings) => {
    let result;
    try {
      const ctx = contextFor(callId, parse(settings));
      const handler = await handlerOf(entry, ctx);
      if (!handler) return stringify({ kind: 'missing-entry', message: 'the bundle exports no ' + entry });
      result = await handler(parse(input), ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : text(error);
      return stringify({ kind: 'threw', message: String(message).slice(0, 1000) });
    }
    try {
      return stringify({ kind: 'ok', output: stringify(result === undefined ? null : result) });
    } catch (error) {
      return stringify({ kind: 'bad-output', message: 'the result is not JSON: ' + error.message });
    }
  };
  return [invoke, settle];
})`;

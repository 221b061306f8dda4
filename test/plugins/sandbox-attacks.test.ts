/**
 * The sandbox suite of issue 11: hostile plugin code through real isolates in real sandbox child
 * processes. After every attack the pool still serves a well-behaved plugin and is back to its
 * size (dead children replaced on demand).
 */
import { afterAll, afterEach, describe, expect, test } from 'vitest';
import { actionPlugin, callOf, expectBystanderServed, failureOf, pluginOf, SandboxPool } from './sandbox-kit';

const POOL_SIZE = 2;
const pool = new SandboxPool(POOL_SIZE);
const tight = { cpuMs: 100, wallMs: 1500, memoryMb: 16 };

afterAll(() => pool.close());
afterEach(async () => {
  await expectBystanderServed(pool);
  // A child killed or aborted by the attack has been replaced.
  expect(pool.processCount).toBe(POOL_SIZE);
});

describe('runaway code', () => {
  test('while(true){} fails the call for CPU time', async () => {
    const failure = await failureOf(pool, callOf(actionPlugin('while (true) {}'), null, { limits: tight }));
    expect(failure.reason).toBe('cpu');
  });

  test('a loop after an awaited host call is caught by the CPU watch', async () => {
    const plugin = actionPlugin('await ctx.records.find("contact", {}); while (true) {}');
    const failure = await failureOf(pool, callOf(plugin, null, { limits: tight, host: async () => [] }));
    expect(failure.reason).toBe('cpu');
  });

  test('a never-settling promise fails the call at the wall-clock limit', async () => {
    const failure = await failureOf(
      pool,
      callOf(actionPlugin('await new Promise(() => {});'), null, { limits: tight }),
    );
    expect(failure).toMatchObject({ reason: 'timeout' });
    expect(failure.message).toContain('1500 ms');
  });

  test('a host call that never answers is bounded by the wall-clock limit too', async () => {
    const plugin = actionPlugin('return ctx.records.find("contact", {});');
    const failure = await failureOf(pool, callOf(plugin, null, { limits: tight, host: () => new Promise(() => {}) }));
    expect(failure.reason).toBe('timeout');
  });

  test('top-level code that never ends fails the load', async () => {
    const failure = await failureOf(pool, callOf(pluginOf('for (;;) {}'), null, { limits: tight }));
    expect(failure.reason).toBe('load');
  });
});

describe('memory bombs', () => {
  // What each bomb was seen to fail with. V8 aborts the whole process on some (the upstream
  // isolated-vm issue), which the pool reports as `crashed`; a builtin that never checks for
  // interruption (`fill`) runs past the deadline until the host kills its child, and on a loaded
  // machine a heap thrashing in GC near its limit can reach the wall-clock deadline first.
  const HEAP = ['memory', 'crashed', 'timeout'];
  const bombs: Array<[name: string, body: string, reasons: string[]]> = [
    ['new Array(2e8).fill(0)', 'new Array(2e8).fill(0);', HEAP],
    ['an array grown by push', 'const a = []; for (;;) a.push({ i: a.length, s: "x" + a.length });', HEAP],
    ['one huge ArrayBuffer', 'new ArrayBuffer(2 ** 31);', ['memory']],
    ['many ArrayBuffers', 'const kept = []; for (;;) kept.push(new Uint8Array(64 * 1024 * 1024).fill(1));', ['memory']],
    ['a Map grown without end', 'const m = new Map(); for (let i = 0; ; i++) m.set(i, "v" + i);', HEAP],
    ['an object used as a dictionary', 'const d = {}; for (let i = 0; ; i++) d["k" + i] = i;', HEAP],
    // A RangeError the plugin could catch: an ordinary throw.
    ['a string doubled without end', 'let s = "x"; for (;;) s += s;', ['threw']],
  ];
  for (const [name, body, reasons] of bombs) {
    test(`${name} fails that call alone`, async () => {
      const limits = { ...tight, cpuMs: 5000, wallMs: 4000 };
      const failure = await failureOf(pool, callOf(actionPlugin(body), null, { limits }));
      expect(reasons).toContain(failure.reason);
    });
  }

  test("a bomb on the same child as another plugin's call does not fail that call", async () => {
    const solo = new SandboxPool(1);
    try {
      const slow = actionPlugin('await ctx.records.get("contact", "1"); return "done";', 'patient');
      const patient = solo.call(
        callOf(slow, null, { host: () => new Promise((resolve) => setTimeout(() => resolve({}), 300)) }),
      );
      const bomb = actionPlugin('const m = new Map(); for (let i = 0; ; i++) m.set(i, "v" + i);');
      const failure = await failureOf(solo, callOf(bomb, null, { limits: { ...tight, cpuMs: 5000, wallMs: 4000 } }));
      expect(['memory', 'crashed', 'timeout']).toContain(failure.reason);
      expect((await patient).output).toBe('done');
      await expectBystanderServed(solo);
    } finally {
      await solo.close();
    }
  });
});

describe('escapes', () => {
  test('this.constructor.constructor("return process")() finds no process', async () => {
    const plugin = pluginOf(`module.exports = { actions: { run: function () {
      const found = this.constructor.constructor('return typeof process')();
      const viaFunction = Function('return typeof process + typeof require + typeof Buffer')();
      const viaAsync = (async () => {}).constructor('return typeof process')();
      return viaAsync.then((a) => [found, viaFunction, a]);
    } } };`);
    expect((await pool.call(callOf(plugin))).output).toEqual(['undefined', 'undefinedundefinedundefined', 'undefined']);
  });

  test('Error.prepareStackTrace sees only the plugin and bootstrap frames', async () => {
    const plugin = actionPlugin(`
      const seen = [];
      Error.prepareStackTrace = (error, frames) => {
        for (const frame of frames) {
          const fn = frame.getFunction?.();
          const self = frame.getThis?.();
          seen.push({ file: frame.getFileName(), self: typeof self, ctor: self?.constructor?.name ?? null,
            process: fn ? fn.constructor.constructor('return typeof process')() : 'no function' });
        }
        return 'stack';
      };
      const probe = new Error('probe'); probe.stack;
      try { await ctx.records.get('x', 'y'); } catch (error) { error.stack; }
      return seen;`);
    const frames = (
      await pool.call(
        callOf(plugin, null, {
          host: async () => {
            throw new Error('no');
          },
        }),
      )
    ).output as Array<{ file: string | null; process: string }>;
    expect(frames.length).toBeGreaterThan(0);
    for (const frame of frames) {
      expect(['plugin:bundle.js', 'relata:bootstrap', null, undefined]).toContain(frame.file);
      expect(['undefined', 'no function']).toContain(frame.process);
    }
  });

  test('a stack formatter that throws or loops hurts only its own call', async () => {
    const plugin = actionPlugin('Error.prepareStackTrace = () => { while (true) {} }; throw new Error("x");');
    const failure = await failureOf(pool, callOf(plugin, null, { limits: tight }));
    expect(['cpu', 'threw']).toContain(failure.reason);
  });

  test('globalThis holds only ECMAScript built-ins and module/exports', async () => {
    const plugin = actionPlugin(`
      const names = new Set();
      for (let o = globalThis; o; o = Object.getPrototypeOf(o)) for (const k of Reflect.ownKeys(o)) names.add(String(k));
      // Every object reachable from the global object: none may be a host reference or host function.
      const seen = new Set(); const suspects = []; const queue = [globalThis];
      while (queue.length) {
        const o = queue.shift();
        if (seen.has(o)) continue; seen.add(o);
        const ctor = (() => { try { return o.constructor?.name; } catch { return null; } })();
        if (['Reference', 'ExternalCopy', 'Callback', 'NativeModule', 'Isolate', 'Context'].includes(ctor)) suspects.push(ctor);
        for (const k of Reflect.ownKeys(o)) {
          let v; try { const d = Object.getOwnPropertyDescriptor(o, k); v = d.get ?? d.value; } catch { continue; }
          if ((typeof v === 'object' && v !== null) || typeof v === 'function') queue.push(v);
        }
        const proto = Object.getPrototypeOf(o); if (proto) queue.push(proto);
      }
      return { names: [...names], suspects, reached: seen.size };`);
    const { names, suspects, reached } = (await pool.call(callOf(plugin))).output as {
      names: string[];
      suspects: string[];
      reached: number;
    };
    expect(suspects).toEqual([]);
    expect(reached).toBeGreaterThan(100);
    const hostish = names.filter((name) =>
      /^(process|require|Buffer|global|setTimeout|setInterval|queueMicrotask|fetch|WebAssembly|SharedArrayBuffer|Atomics|_?ivm|\$.*)$/.test(
        name,
      ),
    );
    expect(hostish).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['module', 'exports', 'Object', 'JSON', 'Promise']));
  });

  test('the ctx a plugin receives has no functions but its own closures', async () => {
    const plugin = actionPlugin(`
      const sources = [];
      const walk = (o) => { for (const v of Object.values(o)) {
        if (typeof v === 'function') sources.push(Function.prototype.toString.call(v));
        else if (v && typeof v === 'object') walk(v);
      } };
      walk(ctx);
      return sources;`);
    const sources = (await pool.call(callOf(plugin))).output as string[];
    expect(sources.length).toBeGreaterThan(5);
    for (const source of sources) expect(source).not.toContain('[native code]');
  });
});

describe('Proxy tricks', () => {
  test('a Proxy returned as output runs its traps inside the isolate, under its limits', async () => {
    const plugin = actionPlugin('return new Proxy({}, { ownKeys() { while (true) {} } });');
    expect((await failureOf(pool, callOf(plugin, null, { limits: tight }))).reason).toBe('cpu');
  });

  test('a Proxy passed to a host call arrives as a plain JSON copy of what its traps said', async () => {
    const plugin = actionPlugin(`
      const sneaky = new Proxy({ id: '1' }, { get: (t, k) => (k === 'toJSON' ? undefined : k === 'id' ? 'proxied' : t[k]) });
      return ctx.records.get('contact', sneaky);`);
    const received: unknown[] = [];
    const result = await pool.call(
      callOf(plugin, null, {
        host: async (_op, args) => {
          received.push(...args);
          return 'ok';
        },
      }),
    );
    expect(result.output).toBe('ok');
    expect(received).toEqual(['contact', { id: 'proxied' }]);
    expect(Object.getPrototypeOf(received[1])).toBe(Object.prototype);
  });

  test('a thrown Proxy or an error with a hostile getter fails as threw', async () => {
    const plugin = actionPlugin(
      `throw new Proxy(new Error('x'), { get() { throw new Proxy({}, {}); }, getPrototypeOf() { throw 1; } });`,
    );
    expect((await failureOf(pool, callOf(plugin, null, { limits: tight }))).reason).toBe('threw');
  });

  test('replacing Promise, JSON and Object methods breaks only the plugin itself', async () => {
    const plugin = actionPlugin(`
      JSON.stringify = () => '{"kind":"ok","output":"\\"forged\\""}';
      JSON.parse = () => ({ forged: true });
      Object.freeze = (o) => o; Object.keys = () => [];
      Promise.prototype.then = function () { return this; };
      return 'honest';`);
    const first = await pool.call(callOf(plugin)).catch((error: unknown) => error);
    expect(first).not.toMatchObject({ output: 'forged' });
  });
});

describe('throws and bad output', () => {
  test('an Error thrown by the plugin fails as threw with its message', async () => {
    const failure = await failureOf(pool, callOf(actionPlugin('throw new Error("no discount above 50%");')));
    expect(failure).toMatchObject({ reason: 'threw' });
    expect(failure.message).toContain('no discount above 50%');
  });

  test('a thrown string and a rejected promise fail as threw', async () => {
    expect((await failureOf(pool, callOf(actionPlugin('throw "plain";')))).message).toContain('plain');
    const rejected = actionPlugin('return Promise.reject({ message: "objects too" });');
    expect((await failureOf(pool, callOf(rejected))).reason).toBe('threw');
  });

  test('output that is not JSON or is too large fails as bad-output', async () => {
    const circular = actionPlugin('const o = {}; o.self = o; return o;');
    expect((await failureOf(pool, callOf(circular))).reason).toBe('bad-output');
    expect((await failureOf(pool, callOf(actionPlugin('return 10n;')))).reason).toBe('bad-output');
    const huge = actionPlugin('return "x".repeat(2_000_000);');
    // Building 2 MB takes a while on a loaded machine: room enough that only the size can fail it.
    expect((await failureOf(pool, callOf(huge, null, { limits: { cpuMs: 5000 } }))).reason).toBe('bad-output');
  });

  test('an entry the bundle does not export fails as missing-entry, a broken bundle as load', async () => {
    const plugin = pluginOf('module.exports = { actions: {} };');
    expect((await failureOf(pool, callOf(plugin))).reason).toBe('missing-entry');
    expect((await failureOf(pool, callOf(pluginOf('this is not javascript')))).reason).toBe('load');
    const inherited = pluginOf('module.exports = { actions: Object.create({ run: () => 1 }) };');
    expect((await failureOf(pool, callOf(inherited))).reason).toBe('missing-entry');
  });

  test('a host error reaches the plugin as an error with its code, never the host stack', async () => {
    const plugin = actionPlugin(
      'try { await ctx.records.get("x"); } catch (e) { return [e.code, e.message, e.stack.includes("node:")]; }',
    );
    const result = await pool.call(
      callOf(plugin, null, {
        host: async () => {
          throw new TypeError('secret host detail');
        },
      }),
    );
    expect(result.output).toEqual(['INTERNAL', 'records.get failed', false]);
  });
});

describe('code the host trusts', () => {
  test('a forged cachedData beside the bundle is never used: the source is what runs', async () => {
    const honest = actionPlugin('return "from source";');
    // Whatever a package carries besides its bundle (V8 code cache, snapshots) never reaches the isolate.
    const forged = { ...honest, cachedData: Buffer.from('forged code cache'), snapshot: Buffer.alloc(64, 7) };
    expect((await pool.call(callOf(forged))).output).toBe('from source');
  });
});

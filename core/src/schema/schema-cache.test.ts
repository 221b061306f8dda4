import { GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, test } from 'vitest';
import type { WorkspaceSnapshot } from '../metadata';
import { createSchemaCache } from './schema-cache';

const snapshot = (workspaceId: string, version: number): WorkspaceSnapshot => ({
  workspaceId,
  schemaName: `ws_${workspaceId}`,
  version,
  objects: [],
});

function countingBuild() {
  const built: string[] = [];
  const build = (s: WorkspaceSnapshot) => {
    built.push(`${s.workspaceId}@${s.version}`);
    return new GraphQLSchema({
      query: new GraphQLObjectType({ name: 'Query', fields: { v: { type: GraphQLString } } }),
    });
  };
  return { built, build };
}

describe('createSchemaCache', () => {
  test('builds a version once, even for concurrent requests', async () => {
    const { built, build } = countingBuild();
    const cache = createSchemaCache({ build });
    const [a, b] = await Promise.all([cache.get(snapshot('w1', 1)), cache.get(snapshot('w1', 1))]);
    expect(a).toBe(b);
    expect(await cache.get(snapshot('w1', 1))).toBe(a);
    expect(built).toEqual(['w1@1']);
  });

  test('a new version replaces the old one; workspaces are independent', async () => {
    const { built, build } = countingBuild();
    const cache = createSchemaCache({ build });
    const v1 = await cache.get(snapshot('w1', 1));
    const other = await cache.get(snapshot('w2', 1));
    const v2 = await cache.get(snapshot('w1', 2));
    expect(v2).not.toBe(v1);
    expect(await cache.get(snapshot('w2', 1))).toBe(other);
    // A late request for the old version gets a schema but does not evict the new one.
    await cache.get(snapshot('w1', 1));
    expect(await cache.get(snapshot('w1', 2))).toBe(v2);
    expect(built).toEqual(['w1@1', 'w2@1', 'w1@2', 'w1@1']);
  });

  test('a failed build is not cached', async () => {
    let fail = true;
    const { build } = countingBuild();
    const cache = createSchemaCache({
      build: (s) => {
        if (fail) throw new Error('boom');
        return build(s);
      },
    });
    await expect(cache.get(snapshot('w1', 1))).rejects.toThrow('boom');
    fail = false;
    await expect(cache.get(snapshot('w1', 1))).resolves.toBeInstanceOf(GraphQLSchema);
  });

  test('invalidate drops a workspace', async () => {
    const { built, build } = countingBuild();
    const cache = createSchemaCache({ build });
    await cache.get(snapshot('w1', 1));
    cache.invalidate('w1');
    await cache.get(snapshot('w1', 1));
    expect(built).toEqual(['w1@1', 'w1@1']);
  });
});

describe('schemas per role', () => {
  test('each role of a version is built once, and a new version drops them all', async () => {
    const built: string[] = [];
    const cache = createSchemaCache({
      build: (s, options) => {
        built.push(`${s.version}:${options?.permissions?.role ?? 'full'}`);
        return new GraphQLSchema({
          query: new GraphQLObjectType({ name: 'Query', fields: { v: { type: GraphQLString } } }),
        });
      },
    });
    const role = (name: string) => ({ role: name, unrestricted: false, objects: new Map() });
    const a = await cache.get(snapshot('w1', 1), role('sales'));
    expect(await cache.get(snapshot('w1', 1), role('sales'))).toBe(a);
    expect(await cache.get(snapshot('w1', 1), role('support'))).not.toBe(a);
    await cache.get(snapshot('w1', 1));
    await cache.get(snapshot('w1', 2), role('sales'));
    expect(built).toEqual(['1:sales', '1:support', '1:full', '2:sales']);
  });
});

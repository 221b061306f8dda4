import { defineEntity, type InferEntity, p } from '@mikro-orm/core';
import { Workspace } from './workspace';

/** A workspace secret, stored only encrypted (`v1.<iv>.<tag>.<ciphertext>`). */
export const Secret = defineEntity({
  name: 'Secret',
  schema: 'relata',
  tableName: 'secrets',
  properties: {
    workspace: () => p.manyToOne(Workspace).primary().deleteRule('cascade').updateRule('no action'),
    name: p.text().primary(),
    ciphertext: p.text().lazy(),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onUpdate(() => new Date()),
    updatedBy: p.uuid().nullable(),
  },
});
export type Secret = InferEntity<typeof Secret>;

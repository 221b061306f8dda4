import { defineEntity, type InferEntity, p } from '@mikro-orm/core';

/** A person who signs in; one account across every workspace it is a member of. */
export const User = defineEntity({
  name: 'User',
  schema: 'relata',
  tableName: 'users',
  properties: {
    id: p.uuid().primary(),
    email: p.text().unique(),
    name: p.text(),
    // Never loaded unless asked for: the hash has no business in a listing.
    passwordHash: p.text().nullable().lazy(),
    isActive: p.boolean().default(true),
    createdAt: p.datetime().defaultRaw('now()'),
    updatedAt: p
      .datetime()
      .defaultRaw('now()')
      .onUpdate(() => new Date()),
  },
});
export type User = InferEntity<typeof User>;

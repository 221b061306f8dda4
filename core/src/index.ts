export * from './db';
export * from './errors';
export * from './metadata';
export * from './system';

export * from './db';
export * from './errors';
export * from './events';
export * from './metadata';
export * from './records';
export * from './schema';
export * from './system';
export * from './workspace';

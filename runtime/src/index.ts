export * from './auth';
export * from './config';
export * from './db';
export * from './demo';
export * from './instance';
export * from './mail';
export * from './server';
export * from './workspaces';

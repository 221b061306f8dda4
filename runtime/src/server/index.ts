export { maskError } from './errors';
export { createHttpApp } from './http-app';
export type { RuntimeServices } from './services';

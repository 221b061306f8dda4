export { BuildError, type BuildResult, buildPlugin, readManifest } from './build';
export { type PackResult, packPlugin } from './pack';

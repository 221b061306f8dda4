export {
  DEFAULT_MAX_PLUGIN_TARBALL_BYTES,
  integrityOf,
  type PluginPackage,
  readPluginFolder,
  readPluginTarball,
  sha256,
  tarballTooLarge,
} from './plugin-package';
export { type PluginUploadInfo, readPluginUpload, storePluginUpload } from './plugin-uploads';

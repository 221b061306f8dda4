export { integrityOf, type PluginPackage, readPluginFolder, readPluginTarball, sha256 } from './plugin-package';

export {
  type GraphQLAnswer,
  type PluginTestOptions,
  type PluginTestRelata,
  startPluginTestRelata,
} from './plugin-test-relata';

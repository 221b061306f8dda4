export type { RelataErrorDetails } from './relata-error';
export {
  badInput,
  conflict,
  ErrorCode,
  forbidden,
  isRelataError,
  limitExceeded,
  notFound,
  RelataError,
} from './relata-error';

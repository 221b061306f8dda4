export type {
  Actor,
  ReadExecutor,
  RecordValues,
  RecordWriter,
  WriteChannel,
  WriteContext,
} from './record-service-contract';

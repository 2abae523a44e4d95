export {
  createSearchAttributeRegistry,
  parseSAType,
  saTypeToEnum,
  SA_TYPES,
  SDK_TEST_DEFAULTS,
  type SAType,
  type SearchAttributeDefinition,
  type SearchAttributeRegistry,
} from './registry';
export {
  annotateSearchAttributes,
  decodeSearchAttributeValue,
  encodeSearchAttributeValue,
  isDeletion,
  type Payload,
  type SearchAttributeValue,
} from './payload';
export { parseVisibilityQuery, type ParsedVisibilityQuery } from './query';
export { statusName, statusCode, parseStatusLiteral, EXECUTION_STATUS_NAMES, type ExecutionStatusName } from './execution-status';
export { parseRfc3339, formatRfc3339 } from './datetime';

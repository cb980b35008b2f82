// isotrain's redactor: finds personal data and secrets in text, JSON Lines, CSV and plain-text files and
// replaces them with typed placeholders or consistent pseudonyms. Pure TypeScript, no network, no AWS.
export { ENTITY_TYPES, type EntityType, type Finding, type Detector } from './types';
export {
  createRedactor,
  redactText,
  type RedactOptions,
  type RedactResult,
  type Redactor,
  type EntityCounts,
} from './redactor';
export {
  redactFile,
  redactFiles,
  detectFormat,
  FILE_FORMATS,
  type FileJob,
  type RedactFileOptions,
} from './file';
export type { Report, FileReport, FileFormat } from './report';
export { RedactInputError, formatInputProblem, type InputProblem } from './problems';

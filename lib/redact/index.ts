export { ENTITY_TYPES, type EntityType, type Finding, type Detector } from './types';
export { createRedactor, redactText, type RedactOptions, type RedactResult, type Redactor, type EntityCounts } from './redactor';

/**
 * The shared vocabulary of isotrain: names, tags, prefixes, guardrail data and error types that more
 * than one layer needs. It imports nothing of the project, so every layer may import it.
 */
export * from './alerts';
export * from './compliance-bounds';
export * from './entity-types';
export * from './errors';
export * from './guardrails';
export * from './job-logs';
export * from './naming';
export * from './outputs';
export * from './purpose';
export * from './s3-actions';
export * from './serving';
export * from './storage';
export * from './tags';

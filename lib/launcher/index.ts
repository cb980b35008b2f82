export * from '../contract/guardrails';
export * from './spec';
export * from './outputs';
export * from './request';
export * from './client';
export * from './follow';
export * from './progress';
export * from './launch';

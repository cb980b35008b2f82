export * from './schema';
export * from './load';
export * from './ecr';
export * from './fields';
export * from './document';

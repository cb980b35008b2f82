/** Serving (issue 12): stop, start and invoke a project's endpoints. No aws-cdk-lib below here. */
export * from './control';
export * from './endpoint';
export * from './invoke';

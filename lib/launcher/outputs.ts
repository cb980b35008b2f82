/** The deployed-outputs resolution lives in lib/aws/outputs.ts; request.ts and its tests read the type from here. */
export * from '../aws/outputs-file';

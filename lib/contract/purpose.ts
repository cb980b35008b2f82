/**
 * Every bucket, key and role isotrain creates carries an `isotrain:purpose` tag. The checks use it
 * to recognise a training-data bucket or a training role in any template, including ones brought in
 * with CfnInclude, without relying on logical IDs.
 */
export const PURPOSE_TAG = 'isotrain:purpose';

export const PURPOSES = {
  trainingData: 'training-data',
  artifacts: 'artifacts',
  audit: 'audit',
  accessLogs: 'access-logs',
  dataKey: 'data-key',
  artifactsKey: 'artifacts-key',
  logsKey: 'logs-key',
  trainingRole: 'training-role',
  uploaderRole: 'uploader-role',
  publisherRole: 'publisher-role',
  releaseRole: 'release-role',
  deploymentRole: 'deployment-role',
  /** Reads redaction reports (counts only) from outside the project endpoint, for `isotrain train`'s gate. */
  redactionReportRole: 'redaction-report-role',
} as const;

/** Purposes of the serving layer's resources (issue 12), apart so the checks can tell them from training's. */
export const SERVING_PURPOSES = {
  captureBucket: 'serving-capture',
  servingRole: 'serving-role',
  invokerRole: 'serving-invoker',
} as const;

export type Purpose =
  (typeof PURPOSES)[keyof typeof PURPOSES] | (typeof SERVING_PURPOSES)[keyof typeof SERVING_PURPOSES];

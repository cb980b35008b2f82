/**
 * SageMaker actions that start compute, shared by the launcher rules: what a launcher holder must be
 * refused beyond its training and processing jobs, and what makes a holder a launcher at all.
 */
export const FUTURE = 'sagemaker:CreateFutureThing';

/** SageMaker compute beyond training and processing jobs, with the resource type each acts on. */
export const OTHER_SAGEMAKER_COMPUTE: readonly (readonly [string, string])[] = [
  ['sagemaker:CreateEndpoint', 'endpoint'],
  ['sagemaker:UpdateEndpoint', 'endpoint'],
  ['sagemaker:CreateEndpointConfig', 'endpoint-config'],
  ['sagemaker:CreateInferenceComponent', 'inference-component'],
  ['sagemaker:UpdateInferenceComponent', 'inference-component'],
  ['sagemaker:CreateModel', 'model'],
  ['sagemaker:CreateTransformJob', 'transform-job'],
  ['sagemaker:CreateHyperParameterTuningJob', 'hyper-parameter-tuning-job'],
  ['sagemaker:CreateAutoMLJob', 'automl-job'],
  ['sagemaker:CreateAutoMLJobV2', 'automl-job'],
  ['sagemaker:CreateCompilationJob', 'compilation-job'],
  ['sagemaker:CreateEdgePackagingJob', 'edge-packaging-job'],
  ['sagemaker:CreateInferenceRecommendationsJob', 'inference-recommendations-job'],
  ['sagemaker:CreateLabelingJob', 'labeling-job'],
  ['sagemaker:CreateOptimizationJob', 'optimization-job'],
  ['sagemaker:CreateNotebookInstance', 'notebook-instance'],
  ['sagemaker:StartNotebookInstance', 'notebook-instance'],
  ['sagemaker:CreatePresignedNotebookInstanceUrl', 'notebook-instance'],
  ['sagemaker:CreateCluster', 'cluster'],
  ['sagemaker:UpdateCluster', 'cluster'],
  ['sagemaker:CreateMlflowTrackingServer', 'mlflow-tracking-server'],
  ['sagemaker:CreatePresignedMlflowTrackingServerUrl', 'mlflow-tracking-server'],
  ['sagemaker:CreateDomain', 'domain'],
  ['sagemaker:CreateApp', 'app'],
  ['sagemaker:CreatePresignedDomainUrl', 'user-profile'],
  ['sagemaker:CreatePipeline', 'pipeline'],
  ['sagemaker:StartPipelineExecution', 'pipeline'],
  ['sagemaker:UpdateTrainingJob', 'training-job'],
  // Not an AWS action (yet): an allowlist refuses what AWS adds tomorrow, a blocklist does not.
  [FUTURE, 'future-thing'],
];

/**
 * Hosting: models, endpoint configs, endpoints and inference components serve released models, and
 * the serving rules judge who may create them (the deployment role, under its serving guardrails).
 */
const HOSTING = ['endpoint', 'endpoint-config', 'inference-component', 'model'];

/**
 * Actions that start a job, notebook, cluster, pipeline or app that runs code as a role it is handed:
 * whoever may take one of them is a launcher, under the same guardrails and fence as one that starts
 * training jobs (a tuning job starts training jobs, a pipeline starts any of them).
 */
export const JOB_COMPUTE: readonly (readonly [string, string])[] = OTHER_SAGEMAKER_COMPUTE.filter(
  ([action, type]) => action !== FUTURE && !HOSTING.includes(type),
);

/** A repository given by name lives in the project's own account and region. */
export function ecrRepositoryArn(repository: string, account: string, region: string): string {
  if (repository.startsWith('arn:')) return repository;
  const partition = region.startsWith('cn-') ? 'aws-cn' : region.includes('-gov-') ? 'aws-us-gov' : 'aws';
  return `arn:${partition}:ecr:${region}:${account}:repository/${repository}`;
}

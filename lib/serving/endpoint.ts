import { InputError, SERVING_STOP_POLICY, endpointName } from '../contract';
import { ProjectConfig, iamPrincipalArn } from '../config';

/** One endpoint of a project, as the CLI works with it. */
export interface ServedEndpoint {
  /** As the project file names it. */
  readonly name: string;
  /** SageMaker's name: `<project>--<name>`. */
  readonly endpointName: string;
  readonly run: string;
  /** The consumers, as full ARNs. */
  readonly consumers: readonly string[];
}

/**
 * The endpoint ENDPOINT names (its project-file name or its SageMaker name); bad input naming the
 * project file and the endpoints it has, when there is none.
 */
export function servedEndpoint(project: ProjectConfig, file: string, given: string): ServedEndpoint {
  const e = project.serving.endpoints.find(
    (x) => x.name === given || endpointName(project.name, x.name) === given,
  );
  if (!e) {
    const known = project.serving.endpoints.map((x) => x.name);
    throw new InputError(
      `${file}: serving.endpoints: expected an endpoint named "${given}", found ${known.length ? known.join(', ') : 'none'}`,
    );
  }
  return {
    name: e.name,
    endpointName: endpointName(project.name, e.name),
    run: e.run,
    consumers: e.consumers.map((c) => iamPrincipalArn(c, project.account, project.region)),
  };
}

/** The inline policy `serving stop` puts on the invoker role: nothing it could do is allowed any more. */
export function stopPolicyDocument(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'ServingStoppedByIsotrain',
        Effect: 'Deny',
        Action: [
          'sagemaker:InvokeEndpoint',
          'sagemaker:InvokeEndpointWithResponseStream',
          'sagemaker:InvokeEndpointAsync',
        ],
        Resource: '*',
      },
    ],
  });
}

export const STOP_POLICY_NAME = SERVING_STOP_POLICY;

/** A role's name from its ARN (`arn:aws:iam::1:role/path/name` → `name`). */
export function roleNameOf(roleArn: string): string {
  const m = /^arn:[^:]+:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(roleArn);
  if (!m) throw new InputError(`expected an IAM role ARN, got "${roleArn}"`);
  return m[1];
}

/**
 * The IAM role or user a caller signs as: an assumed-role session `arn:aws:sts::1:assumed-role/N/s`
 * is role `N` (STS drops the role's path); a user is itself.
 */
export function principalOf(callerArn: string): {
  kind: 'role' | 'user' | 'other';
  account: string;
  name: string;
} {
  const role = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(callerArn);
  if (role) return { kind: 'role', account: role[1], name: role[2] };
  const user = /^arn:[^:]+:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(callerArn);
  if (user) return { kind: 'user', account: user[1], name: user[2] };
  return { kind: 'other', account: '', name: callerArn };
}

/** Whether the caller is one of the consumers (or the invoker role itself). */
export function callerMayInvoke(
  callerArn: string,
  consumers: readonly string[],
  invokerRoleArn: string,
): 'invoker' | 'consumer' | 'no' {
  const who = principalOf(callerArn);
  if (who.kind === 'role' && who.name === roleNameOf(invokerRoleArn)) return 'invoker';
  const hit = consumers.some((c) => {
    const p = /^arn:[^:]+:iam::(\d{12}):(role|user)\/(?:.*\/)?([^/]+)$/.exec(c);
    return p !== null && p[1] === who.account && p[2] === who.kind && p[3] === who.name;
  });
  return hit ? 'consumer' : 'no';
}

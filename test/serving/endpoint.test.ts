/** The serving runtime's pure parts: which endpoint, who may invoke, and what `stop` puts in force. */
import { evaluate, isAllowed, isDenied } from '../../lib/checks/iam';
import {
  callerMayInvoke,
  principalOf,
  roleNameOf,
  servedEndpoint,
  stopPolicyDocument,
} from '../../lib/serving/endpoint';
import { project } from '../helpers';

const INVOKER = 'arn:aws:iam::111122223333:role/legal-Serving-InvokerContractsChat-ABC';
const ENDPOINT = 'arn:aws:sagemaker:eu-west-1:111122223333:endpoint/legal--contracts-chat';
const config = project({
  serving: {
    endpoints: [
      {
        name: 'contracts-chat',
        run: 'legal--run-1',
        image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/inference@sha256:${'d'.repeat(64)}`,
        instanceType: 'ml.m5.xlarge',
        consumers: ['role/apps/contracts-app', 'user/alice'],
      },
    ],
  },
});

test('an endpoint is found by its project-file name or its SageMaker name, else named as bad input', () => {
  expect(servedEndpoint(config, 'projects/legal.yaml', 'contracts-chat').endpointName).toBe(
    'legal--contracts-chat',
  );
  expect(servedEndpoint(config, 'projects/legal.yaml', 'legal--contracts-chat').consumers).toEqual([
    'arn:aws:iam::111122223333:role/apps/contracts-app',
    'arn:aws:iam::111122223333:user/alice',
  ]);
  expect(() => servedEndpoint(config, 'projects/legal.yaml', 'chat')).toThrow(
    /projects\/legal\.yaml: serving\.endpoints: expected an endpoint named "chat", found contracts-chat/,
  );
});

test('consumers are recognised by their session (STS drops the role path), the invoker role by its own', () => {
  const consumers = servedEndpoint(config, 'f', 'contracts-chat').consumers;
  expect(callerMayInvoke('arn:aws:sts::111122223333:assumed-role/contracts-app/s1', consumers, INVOKER)).toBe(
    'consumer',
  );
  expect(callerMayInvoke('arn:aws:iam::111122223333:user/alice', consumers, INVOKER)).toBe('consumer');
  expect(
    callerMayInvoke(
      'arn:aws:sts::111122223333:assumed-role/legal-Serving-InvokerContractsChat-ABC/x',
      consumers,
      INVOKER,
    ),
  ).toBe('invoker');
  expect(callerMayInvoke('arn:aws:sts::111122223333:assumed-role/launcher/s', consumers, INVOKER)).toBe('no');
  expect(callerMayInvoke('arn:aws:sts::444455556666:assumed-role/contracts-app/s', consumers, INVOKER)).toBe(
    'no',
  );
  expect(callerMayInvoke('arn:aws:iam::111122223333:user/bob', consumers, INVOKER)).toBe('no');
  expect(principalOf('arn:aws:iam::111122223333:root').kind).toBe('other');
  expect(roleNameOf(INVOKER)).toBe('legal-Serving-InvokerContractsChat-ABC');
  expect(() => roleNameOf('not-an-arn')).toThrow(/expected an IAM role ARN, got "not-an-arn"/);
});

test("the stop policy denies the invoker role's every invocation; without it the grant stands", () => {
  const grant = {
    name: 'invoker',
    document: {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource: ENDPOINT }],
    },
  };
  const stop = { name: 'stopped', document: JSON.parse(stopPolicyDocument()) };
  const request = {
    principal: {
      type: 'assumed-role' as const,
      arn: 'arn:aws:sts::111122223333:assumed-role/legal-Serving-InvokerContractsChat-ABC/s',
      roleArn: INVOKER,
      account: '111122223333',
    },
    action: 'sagemaker:InvokeEndpoint',
    resource: ENDPOINT,
  };
  expect(isAllowed(evaluate(request, { identity: [grant] }))).toBe(true);
  expect(isDenied(evaluate(request, { identity: [grant, stop] }))).toBe(true);
  expect(
    isDenied(
      evaluate(
        { ...request, action: 'sagemaker:InvokeEndpointWithResponseStream' },
        { identity: [grant, stop] },
      ),
    ),
  ).toBe(true);
});

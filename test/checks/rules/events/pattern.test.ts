import { patternMatches } from '../../../../lib/checks/rules/events/pattern';

const event = {
  source: 'aws.sagemaker',
  detail: {
    eventName: 'CreateTrainingJob',
    requestParameters: { subnets: ['subnet-a', 'subnet-x'], flag: false },
  },
};

describe('EventBridge pattern matching', () => {
  test.each([
    [{ source: ['aws.sagemaker'] }, true],
    [{ source: ['aws.s3'] }, false],
    [{ detail: { eventName: [{ prefix: 'Create' }] } }, true],
    [{ detail: { eventName: [{ suffix: 'Job' }] } }, true],
    [{ detail: { eventName: [{ 'equals-ignore-case': 'createtrainingjob' }] } }, true],
    [{ detail: { eventName: [{ wildcard: 'Create*Job' }] } }, true],
    [{ detail: { eventName: [{ 'anything-but': ['CreateTrainingJob'] }] } }, false],
    [{ detail: { requestParameters: { subnets: [{ 'anything-but': ['subnet-a', 'subnet-b'] }] } } }, true],
    [{ detail: { requestParameters: { subnets: [{ 'anything-but': ['subnet-a', 'subnet-x'] }] } } }, false],
    [{ detail: { requestParameters: { flag: [false] } } }, true],
    [{ detail: { requestParameters: { missing: [{ exists: false }] } } }, true],
    [{ detail: { requestParameters: { vpcConfig: { subnets: [{ exists: false }] } } } }, true],
    [{ detail: { requestParameters: { vpcConfig: { subnets: [{ exists: true }] } } } }, false],
    [{ detail: { requestParameters: { missing: [{ 'anything-but': ['x'] }] } } }, false],
    [{ detail: { $or: [{ eventName: ['Nope'] }, { requestParameters: { flag: [false] } }] } }, true],
    [{ detail: { $or: [{ eventName: ['Nope'] }, { requestParameters: { flag: [true] } }] } }, false],
    [{ detail: { eventName: [{ 'some-future-operator': 'x' }] } }, false],
  ])('%j matches: %s', (pattern, expected) => {
    expect(patternMatches(pattern, event)).toBe(expected);
  });
});

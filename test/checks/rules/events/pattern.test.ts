import { patternMatches } from '../../../../lib/checks/rules/events/pattern';
import { motoMatchesMany } from '../../../support/event-patterns';

const event = {
  source: 'aws.sagemaker',
  detail: {
    eventName: 'CreateTrainingJob',
    requestParameters: { subnets: ['subnet-a', 'subnet-x'], flag: false },
  },
};

const CASES: [Record<string, unknown>, boolean][] = [
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
];
const UNKNOWN_OPERATOR = { detail: { eventName: [{ 'some-future-operator': 'x' }] } };

describe('EventBridge pattern matching', () => {
  test.each(CASES)('%j matches: %s', (pattern, expected) => {
    expect(patternMatches(pattern, event)).toBe(expected);
  });
  test('an operator it does not know credits no match', () => {
    expect(patternMatches(UNKNOWN_OPERATOR, event)).toBe(false);
  });
  test("agrees with moto's EventBridge engine on every case (an independent implementation)", () => {
    const moto = motoMatchesMany(CASES.map(([pattern]) => ({ pattern, events: [event] }))).map((r) => r[0]);
    expect(CASES.map(([p]) => patternMatches(p, event))).toEqual(moto);
  });
});

import { projectOf } from '../../lib/checks/run';

describe('projectOf', () => {
  test('reads the project tag in list form', () => {
    expect(
      projectOf({
        Resources: { B: { Properties: { Tags: [{ Key: 'isotrain:project', Value: 'legal' }] } } },
      }),
    ).toBe('legal');
  });
  test('reads the project tag in map form (SSM parameters), e.g. a stack holding only a managed policy and its parameter', () => {
    expect(
      projectOf({
        Resources: {
          P: { Type: 'AWS::IAM::ManagedPolicy', Properties: {} },
          S: { Properties: { Tags: { 'isotrain:project': 'legal' } } },
        },
      }),
    ).toBe('legal');
  });
  test('no tag, no project', () => {
    expect(
      projectOf({ Resources: { B: { Properties: { Tags: [{ Key: 'other', Value: 'x' }] } } } }),
    ).toBeUndefined();
  });
});

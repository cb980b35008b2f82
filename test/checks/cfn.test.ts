import { stringValues } from '../../lib/checks/cfn';

describe('stringValues', () => {
  test.each([
    ['a string', 'arn:aws:s3:::b', ['arn:aws:s3:::b']],
    ['numbers, booleans and null hold none', [1, true, null], []],
    [
      'values of nested objects and arrays, in document order, not their keys',
      {
        Statement: [
          { Action: ['s3:GetObject', 's3:PutObject'], Condition: { StringEquals: { 'aws:x': 'y' } } },
        ],
      },
      ['s3:GetObject', 's3:PutObject', 'y'],
    ],
    ['an intrinsic as it is written', { 'Fn::Join': ['', ['arn:', { Ref: 'P' }]] }, ['', 'arn:', 'P']],
  ])('%s', (_name, value, expected) => {
    expect(stringValues(value)).toEqual(expected);
  });
});

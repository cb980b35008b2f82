import { projectOf, resourceLine, resourceLines } from '../../../lib/checks/engine/template-facts';

const JSON_TEMPLATE = JSON.stringify(
  {
    Parameters: { Bucket: { Type: 'String' } },
    Resources: {
      Bucket: {
        Type: 'AWS::S3::Bucket',
        Properties: { Tags: [{ Key: 'isotrain:project', Value: 'legal' }] },
      },
      Role: { Type: 'AWS::IAM::Role', Properties: { Bucket: 'x' } },
    },
  },
  null,
  1,
);

const YAML_TEMPLATE = [
  'Parameters:',
  '  Role: {Type: String}',
  'Resources:',
  '  Bucket:',
  '    Type: AWS::S3::Bucket',
  '  Role:',
  '    Type: AWS::IAM::Role',
  '',
].join('\n');

describe('resourceLines', () => {
  test.each([
    // A key of the same name before Resources (a parameter) is not the resource.
    ['JSON', JSON_TEMPLATE, 'Bucket', 8],
    ['JSON', JSON_TEMPLATE, 'Role', 19],
    ['YAML', YAML_TEMPLATE, 'Role', 6],
    ['YAML', YAML_TEMPLATE, 'Bucket', 4],
    ['YAML', YAML_TEMPLATE, 'Missing', undefined],
    // Compact JSON has no line per resource.
    ['compact JSON', '{"Resources":{"Bucket":{"Type":"AWS::S3::Bucket"}}}', 'Bucket', undefined],
    ['no text', undefined, 'Bucket', undefined],
  ])('%s: %s is on line %s', (_kind, text, id, line) => {
    expect(resourceLines(text)(id)).toBe(line);
    expect(resourceLine(text, id)).toBe(line);
  });

  test('the first definition after Resources wins over a property of the same name later', () => {
    // Role's property "Bucket" (line 22) comes after the resource Bucket (line 8).
    expect(JSON_TEMPLATE.split('\n')[21]).toMatch(/"Bucket": "x"/);
    expect(resourceLines(JSON_TEMPLATE)('Bucket')).toBe(8);
  });
});

test('projectOf reads the project tag of the first tagged resource', () => {
  expect(projectOf(JSON.parse(JSON_TEMPLATE))).toBe('legal');
  expect(projectOf({ Resources: { A: { Type: 'AWS::SNS::Topic' } } })).toBeUndefined();
});

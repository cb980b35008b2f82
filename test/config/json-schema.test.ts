import * as fs from 'node:fs';
import * as path from 'node:path';
import { projectJsonSchema, projectJsonSchemaText } from '../../lib/config/json-schema';

describe('project JSON Schema', () => {
  test('the committed projects/project.schema.json matches the zod schema (run `npm run schema` after changing it)', () => {
    const committed = fs.readFileSync(
      path.join(__dirname, '..', '..', 'projects', 'project.schema.json'),
      'utf8',
    );
    expect(committed).toBe(projectJsonSchemaText());
  });

  test('refuses unknown fields and requires the fields without defaults', () => {
    const schema = projectJsonSchema() as { additionalProperties: boolean; required: string[] };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(
      expect.arrayContaining(['name', 'account', 'region', 'network', 'tags', 'training']),
    );
    expect(schema.required).not.toContain('retention');
  });
});

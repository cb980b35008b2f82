import { z } from 'zod';
import { ProjectSchema } from './schema';

/** JSON Schema of a project file, for editor completion and validation (yaml-language-server). */
export function projectJsonSchema(): Record<string, unknown> {
  return {
    title: 'isotrain project',
    ...z.toJSONSchema(ProjectSchema, { io: 'input', unrepresentable: 'any' }),
  };
}

export function projectJsonSchemaText(): string {
  return `${JSON.stringify(projectJsonSchema(), null, 2)}\n`;
}

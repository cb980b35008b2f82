import { projectJsonSchema } from '../../lib/config/json-schema';
import { code, generated, table } from './markdown';

interface JsonSchemaNode {
  readonly type?: string | string[];
  readonly description?: string;
  readonly default?: unknown;
  readonly enum?: unknown[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly minItems?: number;
  readonly properties?: Record<string, JsonSchemaNode>;
  readonly required?: string[];
  readonly items?: JsonSchemaNode;
  readonly anyOf?: JsonSchemaNode[];
}

function kind(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((v) => code(String(v))).join(', ');
  if (node.anyOf) return node.anyOf.map(kind).join(' or ');
  const type = Array.isArray(node.type) ? node.type.join(' or ') : (node.type ?? 'any');
  if (type === 'array' && node.items) return `list of ${kind(node.items)}`;
  const range =
    node.minimum !== undefined || node.maximum !== undefined
      ? ` (${node.minimum ?? '…'}–${node.maximum ?? '…'})`
      : '';
  return `${type}${range}`;
}

/** Every leaf field of the schema, dotted, with whether it is required and its default. */
function fields(node: JsonSchemaNode, prefix = '', parentRequired = true): string[][] {
  return Object.entries(node.properties ?? {}).flatMap(([name, child]) => {
    const path = `${prefix}${name}`;
    const required = parentRequired && (node.required ?? []).includes(name) && child.default === undefined;
    if (child.type === 'object' && child.properties) return fields(child, `${path}.`, required);
    return [
      [
        code(path),
        required ? 'yes' : 'no',
        child.default === undefined ? '—' : code(JSON.stringify(child.default)),
        kind(child),
        child.description ?? '',
      ],
    ];
  });
}

/** docs/reference/project-file.md: every field of projects/<name>.yaml, from the zod schema. */
export function projectFilePage(): string {
  return [
    generated(
      'Project file',
      'the zod schema in `lib/config/schema.ts`',
      `One YAML file per project in \`projects/\` (or the directory named by \`ISOTRAIN_PROJECTS_DIR\`). Every
file is validated before anything is built; all problems of all files are reported at once, each
naming the file, the field, the expectation and the value found. Editors get completion from
\`projects/project.schema.json\` (\`npm run schema\`).`,
    ),
    table(['Field', 'Required', 'Default', 'Type', 'Meaning'], fields(projectJsonSchema())),
    '',
  ].join('\n');
}

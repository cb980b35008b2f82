/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation templates are untyped JSON */
import { Json } from '../cfn';
import { PROJECT_TAGS, PURPOSE_TAG } from '../../contract';

/** A tag's value on a resource, with tags as a list of Key/Value pairs (most types) or a map (SSM parameters). */
export function tagOf(resource: Json, key: string): string | undefined {
  const tags: Json = resource?.Properties?.Tags;
  const value = Array.isArray(tags) ? tags.find((t: Json) => t?.Key === key)?.Value : tags?.[key];
  return typeof value === 'string' ? value : undefined;
}

/** The project a template belongs to: the project tag its resources carry. */
export function projectOf(body: Json): string | undefined {
  for (const r of Object.values<Json>(body?.Resources ?? {})) {
    const value = tagOf(r, PROJECT_TAGS.project);
    if (value !== undefined) return value;
  }
  return undefined;
}

/** What a bucket or key is for (`isotrain:purpose`), when tagged. */
export const purposeOf = (resource: Json): string | undefined => tagOf(resource, PURPOSE_TAG);

/**
 * The lines of resource definitions in a JSON or YAML template: the first line after `Resources:`
 * where a logical ID stands as a key. One pass over the text, for the reports of every resource.
 */
export function resourceLines(text: string | undefined): (logicalId: string) => number | undefined {
  if (!text) return () => undefined;
  const lines = text.split('\n');
  const first = new Map<string, number>();
  const start = lines.findIndex((l) => /^\s*"?Resources"?\s*:/.test(l));
  for (let i = Math.max(start, 0); i < lines.length; i++) {
    const key = /^\s*"?([A-Za-z0-9]+)"?\s*:/.exec(lines[i])?.[1];
    if (key !== undefined && !first.has(key)) first.set(key, i + 1);
  }
  return (logicalId) => first.get(logicalId);
}

/** Line of a resource's definition in a JSON or YAML template. */
export const resourceLine = (text: string | undefined, logicalId: string): number | undefined =>
  resourceLines(text)(logicalId);

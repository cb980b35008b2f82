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

/** Line of a resource's definition in a JSON or YAML template. */
export function resourceLine(text: string | undefined, logicalId: string): number | undefined {
  if (!text || !/^[A-Za-z0-9]+$/.test(logicalId)) return undefined;
  const from = /^\s*"?Resources"?\s*:/m.exec(text)?.index ?? 0;
  const m = new RegExp(`^\\s*"?${logicalId}"?\\s*:`, 'm').exec(text.slice(from));
  return m ? text.slice(0, from + m.index).split('\n').length : undefined;
}

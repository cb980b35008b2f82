/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation values are untyped JSON */
import { Json, asArray, flatten, isTrue } from '../../cfn';
import { AppModel, ModelResource } from '../../model';

/** A trail whose records can be trusted: logging, log-file validation, KMS-encrypted. */
export function isTrustworthyTrail(trail: ModelResource): boolean {
  const p = trail.props;
  return (
    (p.IsLogging === undefined || isTrue(p.IsLogging)) &&
    isTrue(p.EnableLogFileValidation) &&
    p.KMSKeyId !== undefined
  );
}

/**
 * Does the trail record management events at all: no selectors (the default), a basic selector that
 * does not turn them off, or an advanced selector of category Management? Which ones it records is
 * Isolation-MON4's question; this one asks where.
 */
export function recordsManagementEvents(trail: ModelResource): boolean {
  const basic = asArray(trail.props.EventSelectors);
  const advanced = asArray(trail.props.AdvancedEventSelectors);
  if (basic.length === 0 && advanced.length === 0) return true;
  return (
    basic.some(
      (s: Json) => s?.IncludeManagementEvents !== false && String(s?.IncludeManagementEvents) !== 'false',
    ) ||
    advanced.some((s: Json) =>
      asArray(s?.FieldSelectors).some(
        (f: Json) => f?.Field === 'eventCategory' && asArray(f.Equals).includes('Management'),
      ),
    )
  );
}

/** All S3 buckets (`arn:aws:s3`, `arn:aws:s3:::`), in any partition. */
function allBuckets(value: Json): boolean {
  return /^arn:[^:]*:s3(:::)?$/.test(flatten(value));
}

/**
 * Does a data-resource value name the whole bucket: `<bucket ARN>/` exactly (a longer value is a
 * prefix: objects outside it go unrecorded), or every bucket?
 */
function wholeBucket(model: AppModel, trail: ModelResource, value: Json, bucket: ModelResource): boolean {
  if (allBuckets(value)) return true;
  const text = flatten(value);
  if (!text.endsWith('/') || text.indexOf('/') !== text.length - 1) return false;
  return model.refersTo(value, bucket, trail.stack) || model.refersTo(text.slice(0, -1), bucket, trail.stack);
}

/** Selectors that record reads or writes (or both) of every object of the bucket. */
function basicSelectorsCover(
  model: AppModel,
  trail: ModelResource,
  bucket: ModelResource,
  rw: ReadWrite,
): boolean {
  return asArray(trail.props.EventSelectors).some((sel: Json) => {
    const type = sel.ReadWriteType ?? 'All';
    if (type !== 'All' && type !== rw) return false;
    return asArray(sel.DataResources).some(
      (d: Json) =>
        d.Type === 'AWS::S3::Object' && asArray(d.Values).some((v) => wholeBucket(model, trail, v, bucket)),
    );
  });
}

function advancedSelectorsCover(
  model: AppModel,
  trail: ModelResource,
  bucket: ModelResource,
  rw: ReadWrite,
): boolean {
  return asArray(trail.props.AdvancedEventSelectors).some((sel: Json) => {
    const fields = asArray(sel.FieldSelectors);
    const field = (name: string) => fields.filter((f: Json) => f.Field === name);
    const equals = (name: string, value: string) =>
      field(name).some((f: Json) => asArray(f.Equals).includes(value));
    if (!equals('eventCategory', 'Data') || !equals('resources.type', 'AWS::S3::Object')) return false;
    if (field('eventName').length > 0 || fields.some((f: Json) => !KNOWN_FIELDS.includes(f.Field)))
      return false;
    const readOnly = field('readOnly');
    if (readOnly.length > 0) {
      const wanted = rw === 'ReadOnly' ? 'true' : rw === 'WriteOnly' ? 'false' : undefined;
      if (
        wanted === undefined ||
        !readOnly.every((f: Json) => asArray(f.Equals).map(String).includes(wanted))
      )
        return false;
    }
    const arns = field('resources.ARN');
    if (arns.length === 0) return true;
    return arns.every(
      (f: Json) =>
        f.NotStartsWith === undefined &&
        f.NotEquals === undefined &&
        f.EndsWith === undefined &&
        f.NotEndsWith === undefined &&
        f.Equals === undefined &&
        asArray(f.StartsWith).some((v) => wholeBucket(model, trail, v, bucket)),
    );
  });
}

type ReadWrite = 'All' | 'ReadOnly' | 'WriteOnly';

/** Fields an advanced selector may filter on and still record every object event of a bucket. */
const KNOWN_FIELDS = ['eventCategory', 'resources.type', 'resources.ARN', 'readOnly'];

/**
 * Trails of the app that record every object read and write (`All`, the default), or only the reads
 * or writes, of the whole bucket. Reads and writes may come from two selectors.
 */
export function trailsCovering(
  model: AppModel,
  bucket: ModelResource,
  rw: ReadWrite = 'All',
): ModelResource[] {
  const covers = (t: ModelResource, mode: ReadWrite) =>
    basicSelectorsCover(model, t, bucket, mode) || advancedSelectorsCover(model, t, bucket, mode);
  return model
    .ofType('AWS::CloudTrail::Trail')
    .filter((t) =>
      rw === 'All' ? covers(t, 'All') || (covers(t, 'ReadOnly') && covers(t, 'WriteOnly')) : covers(t, rw),
    );
}

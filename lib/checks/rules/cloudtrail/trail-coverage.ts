/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation templates and policies are untyped JSON */
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

/** All S3 buckets (`arn:aws:s3`, `arn:aws:s3:::`), in any partition. */
function allBuckets(value: Json): boolean {
  return /^arn:[^:]*:s3(:::)?$/.test(flatten(value));
}

function basicSelectorsCover(model: AppModel, trail: ModelResource, bucket: ModelResource): boolean {
  return asArray(trail.props.EventSelectors).some((sel: Json) => {
    if (sel.ReadWriteType !== undefined && sel.ReadWriteType !== 'All') return false;
    return asArray(sel.DataResources).some(
      (d: Json) =>
        d.Type === 'AWS::S3::Object' &&
        asArray(d.Values).some((v) => allBuckets(v) || model.refersTo(v, bucket, trail.stack)),
    );
  });
}

function advancedSelectorsCover(model: AppModel, trail: ModelResource, bucket: ModelResource): boolean {
  return asArray(trail.props.AdvancedEventSelectors).some((sel: Json) => {
    const fields = asArray(sel.FieldSelectors);
    const field = (name: string) => fields.filter((f: Json) => f.Field === name);
    const equals = (name: string, value: string) =>
      field(name).some((f: Json) => asArray(f.Equals).includes(value));
    if (!equals('eventCategory', 'Data') || !equals('resources.type', 'AWS::S3::Object')) return false;
    if (field('readOnly').length > 0 || field('eventName').length > 0) return false;
    const arns = field('resources.ARN');
    if (arns.length === 0) return true;
    return arns.every(
      (f: Json) =>
        f.NotStartsWith === undefined &&
        f.NotEquals === undefined &&
        asArray(f.StartsWith ?? f.Equals).some((v) => model.refersTo(v, bucket, trail.stack)),
    );
  });
}

/** Trails of the app that record every object read and write of the bucket. */
export function trailsCovering(model: AppModel, bucket: ModelResource): ModelResource[] {
  return model
    .ofType('AWS::CloudTrail::Trail')
    .filter((t) => basicSelectorsCover(model, t, bucket) || advancedSelectorsCover(model, t, bucket));
}

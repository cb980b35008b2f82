/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { PURPOSES, RUNS_PREFIX } from '../../../contract';
import { Json, asArray, flatten } from '../../cfn';
import { AppModel, ModelResource } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings } from '../findings';
import { isTrustworthyTrail } from './trail-coverage';

/** Does a data-resource value cover every object under `prefix` of the bucket (the prefix itself, a shorter one, or all buckets)? */
function coversPrefix(
  model: AppModel,
  trail: ModelResource,
  value: Json,
  bucket: ModelResource,
  prefix: string,
): boolean {
  const text = flatten(value);
  if (/^arn:[^:]*:s3(:::)?$/.test(text)) return true;
  const slash = text.indexOf('/');
  if (slash < 0) return false;
  const objectPrefix = text.slice(slash + 1);
  return (
    prefix.startsWith(objectPrefix) &&
    !objectPrefix.includes('*') &&
    model.refersTo(value, bucket, trail.stack)
  );
}

function recordsWrites(
  model: AppModel,
  trail: ModelResource,
  bucket: ModelResource,
  prefix: string,
): boolean {
  const basic = asArray(trail.props.EventSelectors).some(
    (sel: Json) =>
      (sel.ReadWriteType ?? 'All') !== 'ReadOnly' &&
      asArray(sel.DataResources).some(
        (d: Json) =>
          d.Type === 'AWS::S3::Object' &&
          asArray(d.Values).some((v) => coversPrefix(model, trail, v, bucket, prefix)),
      ),
  );
  const advanced = asArray(trail.props.AdvancedEventSelectors).some((sel: Json) => {
    const fields = asArray(sel.FieldSelectors);
    const get = (name: string) => fields.filter((f: Json) => f.Field === name);
    const is = (name: string, v: string) => get(name).some((f: Json) => asArray(f.Equals).includes(v));
    if (
      !is('eventCategory', 'Data') ||
      !is('resources.type', 'AWS::S3::Object') ||
      get('eventName').length > 0
    )
      return false;
    if (get('readOnly').some((f: Json) => asArray(f.Equals).map(String).includes('true'))) return false;
    if (
      fields.some(
        (f: Json) => !['eventCategory', 'resources.type', 'resources.ARN', 'readOnly'].includes(f.Field),
      )
    )
      return false;
    return get('resources.ARN').every(
      (f: Json) =>
        Object.keys(f).every((k) => k === 'Field' || k === 'StartsWith') &&
        asArray(f.StartsWith).some((v) => coversPrefix(model, trail, v, bucket, prefix)),
    );
  });
  return basic || advanced;
}

export const RunRecordWrites: IsolationRule = {
  id: 'TRAIL3',
  control: 8,
  types: ['AWS::S3::Bucket'],
  info: `No validated, KMS-encrypted trail records who writes the audit bucket's run records (${RUNS_PREFIX}).`,
  explanation:
    "Run verification checks that every version of a run record was written by isotrain's own flow; only " +
    'CloudTrail data events say who wrote which version. Keep a selector on the project trail that records ' +
    `write data events (WriteOnly or All) for "<audit bucket ARN>/${RUNS_PREFIX}" (AuditTrail writeEventPrefixes does this).`,
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (model.purpose(r) !== PURPOSES.audit) return NOT_APPLICABLE;
    const ok = model
      .ofType('AWS::CloudTrail::Trail')
      .some((t) => isTrustworthyTrail(t) && recordsWrites(model, t, r, RUNS_PREFIX));
    return findings(ok ? [] : [`writes to ${RUNS_PREFIX} are not recorded`]);
  },
};

/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- CloudFormation values are untyped JSON */
import { CfnResource } from 'aws-cdk-lib';
import { Json, asArray, isTrue } from '../../cfn';
import { ModelResource } from '../../model';
import { IsolationRule, NOT_APPLICABLE, inModel } from '../../rule';
import { findings } from '../findings';
import { apiCallAlertRules } from './alerts';
import { render } from './render';

/** Basic selectors: management events are recorded unless a selector says otherwise. */
function basicRecordsWrites(trail: ModelResource, source: string): boolean {
  const selectors = asArray(trail.props.EventSelectors);
  if (selectors.length === 0) return trail.props.AdvancedEventSelectors === undefined;
  return selectors.some(
    (s: Json) =>
      s?.IncludeManagementEvents !== false &&
      String(s?.IncludeManagementEvents) !== 'false' &&
      (s?.ReadWriteType === undefined || s.ReadWriteType === 'All' || s.ReadWriteType === 'WriteOnly') &&
      !asArray(s?.ExcludeManagementEventSources).includes(source),
  );
}

/** Advanced selectors: one that selects management events, writes included, this source not excluded. */
function advancedRecordsWrites(trail: ModelResource, source: string): boolean {
  return asArray(trail.props.AdvancedEventSelectors).some((sel: Json) => {
    const fields = asArray(sel?.FieldSelectors);
    const category = fields.find((f: Json) => f?.Field === 'eventCategory');
    if (!category || !asArray(category.Equals).includes('Management')) return false;
    return fields.every((f: Json) => {
      if (f?.Field === 'eventCategory') return true;
      if (f?.Field === 'readOnly') return !asArray(f.Equals).includes('true');
      if (f?.Field === 'eventSource') {
        return (
          !asArray(f.NotEquals).includes(source) &&
          (f.Equals === undefined || asArray(f.Equals).includes(source))
        );
      }
      return false; // any other filter narrows what is recorded in ways not followed here
    });
  });
}

function recordsWrites(trail: ModelResource, source: string): boolean {
  const logging = trail.props.IsLogging === undefined || isTrue(trail.props.IsLogging);
  return logging && (basicRecordsWrites(trail, source) || advancedRecordsWrites(trail, source));
}

export const AlertsNeedTrail: IsolationRule = {
  id: 'MON4',
  control: 14,
  types: ['AWS::Events::Rule'],
  info: "The alert rule matches CloudTrail-recorded calls, but no logging trail of the app records this service's write management events.",
  explanation:
    'EventBridge receives "AWS API Call via CloudTrail" events only for calls a logging trail records: a trail ' +
    'without management events, with ReadWriteType ReadOnly, or excluding the service (ExcludeManagementEventSources) ' +
    'silences every alert. Keep the project trail IsLogging with IncludeManagementEvents true and ReadWriteType All.',
  check: (node: CfnResource) => {
    const { r, model } = inModel(node);
    if (!apiCallAlertRules(model).includes(r)) return NOT_APPLICABLE;
    const pattern = render(model, r.props.EventPattern, r.stack);
    const sources = asArray(pattern?.detail?.eventSource).filter((s): s is string => typeof s === 'string');
    const trails = model.ofType('AWS::CloudTrail::Trail');
    const needed = sources.length > 0 ? sources : ['*'];
    return findings(
      needed
        .filter((s) => !trails.some((t) => recordsWrites(t, s)))
        .map((s) => `${s} management events not recorded`),
    );
  },
};

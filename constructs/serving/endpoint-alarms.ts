import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { VARIANT_NAME } from './served-model';

export interface EndpointAlarmsProps {
  /** The endpoint's SageMaker name (the metrics' EndpointName dimension). */
  readonly endpointName: string;
  /** The project's encrypted alert topic. */
  readonly topic: sns.ITopic;
}

/** One alarm of an endpoint: the metric, how it is judged, and why it matters. */
export interface EndpointAlarmSpec {
  readonly id: string;
  readonly metric: string;
  readonly statistic: 'Sum' | 'Average';
  /** A static threshold, or an anomaly band of this many standard deviations. */
  readonly threshold: { readonly static: number } | { readonly band: number };
  readonly why: string;
}

/**
 * What is watched, per endpoint (docs/serving.md). Invocations and latency vary with use, so they are
 * judged against a learned band (anomaly detection); errors are judged against fixed thresholds.
 * AWS publishes no response-size metric for real-time endpoints: long answers show as model latency.
 */
export const ENDPOINT_ALARMS: readonly EndpointAlarmSpec[] = [
  {
    id: 'InvocationsAnomaly',
    metric: 'Invocations',
    statistic: 'Sum',
    threshold: { band: 3 },
    why: 'invocations per minute above their usual band: scraping, extraction or a runaway client',
  },
  {
    id: 'ClientErrors',
    metric: 'Invocation4XXErrors',
    statistic: 'Sum',
    threshold: { static: 10 },
    why: 'ten or more 4xx answers in a minute: malformed or probing requests',
  },
  {
    id: 'ServerErrors',
    metric: 'Invocation5XXErrors',
    statistic: 'Sum',
    threshold: { static: 1 },
    why: 'any 5xx answer: the model fails, possibly on crafted input',
  },
  {
    id: 'ModelLatencyAnomaly',
    metric: 'ModelLatency',
    statistic: 'Average',
    threshold: { band: 3 },
    why: 'model latency above its usual band: unusually long answers (the proxy for response size) or crafted inputs',
  },
];

/**
 * CloudWatch alarms on one endpoint, each publishing to the project's encrypted alert topic when it
 * fires. Missing data is not breaching: an idle endpoint is quiet, not alarming.
 */
export class EndpointAlarms extends Construct {
  public readonly alarms: cloudwatch.CfnAlarm[] = [];

  constructor(scope: Construct, id: string, props: EndpointAlarmsProps) {
    super(scope, id);
    const dimensions = [
      { name: 'EndpointName', value: props.endpointName },
      { name: 'VariantName', value: VARIANT_NAME },
    ];
    for (const spec of ENDPOINT_ALARMS) {
      const common = {
        alarmDescription: `isotrain endpoint ${props.endpointName}: ${spec.why}`,
        alarmActions: [props.topic.topicArn],
        actionsEnabled: true,
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        treatMissingData: 'notBreaching',
      };
      const stat = {
        metric: { namespace: 'AWS/SageMaker', metricName: spec.metric, dimensions },
        period: 60,
        stat: spec.statistic,
      };
      this.alarms.push(
        'band' in spec.threshold
          ? new cloudwatch.CfnAlarm(this, spec.id, {
              ...common,
              comparisonOperator: 'GreaterThanUpperThreshold',
              thresholdMetricId: 'band',
              metrics: [
                { id: 'm', metricStat: stat, returnData: true },
                {
                  id: 'band',
                  expression: `ANOMALY_DETECTION_BAND(m, ${spec.threshold.band})`,
                  returnData: true,
                },
              ],
            })
          : new cloudwatch.CfnAlarm(this, spec.id, {
              ...common,
              comparisonOperator: 'GreaterThanOrEqualToThreshold',
              threshold: spec.threshold.static,
              namespace: 'AWS/SageMaker',
              metricName: spec.metric,
              dimensions,
              statistic: spec.statistic,
              period: 60,
            }),
      );
    }
  }
}

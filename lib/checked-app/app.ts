import { App, AppProps, Validations } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT, FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { ControlTowerChecks } from '../checks/control-tower';
import { IsolationAcknowledgment } from '../checks/engine/acknowledgment-file';
import { isolationAcknowledgments } from '../checks/isolation-pack';
import { compliancePacks } from '../checks/packs';
import { ProjectConfig } from '../config';
import { ProjectStage } from '../infra/project-stage';
import { defaultAcknowledgments } from './check-app';

/**
 * The app as the CDK CLI runs it. All stacks live in Stages, and the CLI judges validation only for
 * the stacks it selected: a plain `cdk synth` selects none and would pass whatever the packs found.
 * So the app fails itself instead: it prints the report and exits 1 (process mode: a report, not a
 * stack trace).
 */
export function createApp(props: AppProps = {}): App {
  return new App({
    ...props,
    postCliContext: {
      ...props.postCliContext,
      [FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT]: true,
      [CDK_APP_MODE_CONTEXT]: 'process',
    },
  });
}

export interface BuildAppOptions {
  /**
   * The reviewed acknowledgments of Isolation rules (a file, or its entries).
   * @default - the repository's acknowledgments/isolation.yaml, when present
   */
  readonly acknowledgments?: string | readonly IsolationAcknowledgment[];
}

/**
 * Builds every project into the app and puts every check `isotrain check` runs in front of
 * synthesis, except cfn-lint: the cdk-nag packs (Isolation with the reviewed acknowledgments only)
 * and the Control Tower proactive controls, so that `cdk synth` fails on what the check would.
 */
export function buildApp(
  app: App,
  projects: readonly ProjectConfig[],
  options: BuildAppOptions = {},
): ProjectStage[] {
  const acknowledgments = isolationAcknowledgments(options.acknowledgments ?? defaultAcknowledgments());
  Validations.of(app).addPlugins(
    ...compliancePacks(app, { acknowledgments }),
    new ControlTowerChecks({ projects: new Map(projects.map((p) => [p.name, p])) }),
  );
  return projects.map((project) => new ProjectStage(app, { project }));
}

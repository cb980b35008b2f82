import { App, AppProps, Validations } from 'aws-cdk-lib';
import { CDK_APP_MODE_CONTEXT, FAIL_SYNTH_ON_VALIDATION_ERRORS_CONTEXT } from 'aws-cdk-lib/cx-api';
import { compliancePacks } from '../checks/packs';
import { ProjectConfig } from '../config';
import { ProjectStage } from '../infra/project-stage';

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

/** Builds every project into the app and puts the compliance packs in front of synthesis. */
export function buildApp(app: App, projects: readonly ProjectConfig[]): ProjectStage[] {
  Validations.of(app).addPlugins(...compliancePacks(app));
  return projects.map((project) => new ProjectStage(app, { project }));
}

import * as path from 'node:path';
import { App, AppProps } from 'aws-cdk-lib';
import { readCdkContext } from '../lib/config/cdk-json';
import { Template } from 'aws-cdk-lib/assertions';
import { ProjectConfig, ProjectInput, ProjectSchema } from '../lib/config';
import { ProjectStage } from '../lib/infra/project-stage';

/** The feature flags of cdk.json: tests must build with the same flags `cdk synth` uses. */
export const CDK_CONTEXT = readCdkContext(path.join(__dirname, '..'));

export function newApp(props: AppProps = {}): App {
  return new App({ ...props, context: { ...CDK_CONTEXT, ...props.context } });
}

/** A valid project file's content; tests override what they exercise. */
export function projectInput(overrides: Partial<ProjectInput> = {}): ProjectInput {
  return {
    name: 'legal',
    account: '111122223333',
    region: 'eu-west-1',
    network: { cidr: '10.40.0.0/16', availabilityZones: ['eu-west-1a', 'eu-west-1b'] },
    tags: { owner: 'ml-platform@example.com', dataClassification: 'confidential' },
    training: {
      ecrRepositories: ['arn:aws:ecr:eu-west-1:111122223333:repository/isotrain/finetune'],
      // The fixture specs read raw uploads; the redaction gate has its own tests (test/launcher/redaction/).
      requireRedaction: false,
    },
    // Issue 8: separation of duties, the pinned evaluation image and an alert subscriber are required.
    release: { approvers: ['role/privacy-approvers'] },
    deployment: { principals: ['role/model-deployment'] },
    uploads: { uploaders: ['role/data-engineering'], publishers: ['role/ml-platform-ci'] },
    evaluation: {
      image: `111122223333.dkr.ecr.eu-west-1.amazonaws.com/isotrain/privacy-eval@sha256:${'ab'.repeat(32)}`,
    },
    alerts: { emails: ['security@example.com'] },
    ...overrides,
  };
}

/** Parses through the real schema, so tests see the same defaults synth does. */
export function project(overrides: Partial<ProjectInput> = {}): ProjectConfig {
  return ProjectSchema.parse(projectInput(overrides));
}

/**
 * The project global-setup.ts synthesizes once per test run (`sharedAssembly()`): the default project
 * with one opt-in interface endpoint, so rules about interface endpoints have something to judge.
 */
export function sharedProject(): ProjectConfig {
  return project({
    network: {
      cidr: '10.40.0.0/16',
      availabilityZones: ['eu-west-1a', 'eu-west-1b'],
      interfaceEndpoints: ['sts'],
    },
  });
}

/**
 * Builds one project in a fresh app without the compliance packs registered, for fine-grained
 * assertions. (Compliance is asserted separately, with validateScope.)
 */
export function synthProject(config: ProjectConfig = project()) {
  const app = newApp();
  const stage = new ProjectStage(app, { project: config });
  return {
    app,
    stage,
    keys: Template.fromStack(stage.keys),
    network: Template.fromStack(stage.network),
    data: Template.fromStack(stage.data),
  };
}

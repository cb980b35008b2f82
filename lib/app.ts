import { App } from 'aws-cdk-lib';
import { registerCompliancePacks } from './compliance';
import { ProjectConfig } from './config';
import { ProjectStage } from './project-stage';

/** Builds every project into the app and puts the compliance packs in front of synthesis. */
export function buildApp(app: App, projects: readonly ProjectConfig[]): ProjectStage[] {
  registerCompliancePacks(app);
  return projects.map((project) => new ProjectStage(app, { project }));
}

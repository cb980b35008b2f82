import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { CheckOptions, checkTemplateFiles } from '../checks/run';
import { CheckReport } from '../checks/findings';
import { projectSettingsOf } from '../checks/project-settings';
import { LoadedProject } from '../config';
import { ProjectStage } from '../infra/project-stage';

/**
 * Synthesizes this app's projects (with the feature flags of cdk.json), then checks the synthesized
 * templates exactly as `--template` would: every pack, the Control Tower controls and cfn-lint. Going
 * through the templates (rather than the construct tree) also puts CDK's own custom-resource
 * handlers, which the packs do not recognise in the tree, in front of every rule.
 */
export function checkProjects(
  projects: readonly LoadedProject[],
  context: Record<string, unknown>,
  options: CheckOptions = {},
): CheckReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-check-'));
  try {
    // CDK's built-in template validation only prints warnings cfn-lint reports as well.
    const app = new App({ context, outdir, builtinCloudFormationValidation: false });
    const stages = projects.map((p) => ({
      stage: new ProjectStage(app, { project: p.config }),
      file: p.file,
    }));
    const started = performance.now();
    const assembly = app.synth();
    const synthMs = Math.round(performance.now() - started);
    const templates: string[] = [];
    const sources = new Map<string, string>();
    for (const { stage, file } of stages) {
      for (const stack of stage.node.children.filter((c): c is Stack => Stack.isStack(c))) {
        const artifact = assembly.getStackArtifact(stack.artifactId);
        const template = path.join(artifact.assembly.directory, artifact.templateFile);
        templates.push(template);
        sources.set(template, file);
      }
    }
    const projectSettings = new Map(projects.map((p) => [p.config.name, projectSettingsOf(p.config)]));
    return checkTemplateFiles('app', templates, { ...options, projectSettings }, (t) => sources.get(t) ?? t, {
      synth: synthMs,
    });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

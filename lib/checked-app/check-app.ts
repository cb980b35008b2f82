import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { startCfnLint } from '../checks/cfn-lint';
import { DEFAULT_ACKNOWLEDGMENTS_FILE } from '../checks/engine/acknowledgment-file';
import { CheckReport } from '../checks/findings';
import { CheckOptions, ProjectSource, checkTemplateFiles, projectSources } from '../checks/run';
import { LoadedProject } from '../config';
import { ProjectStage } from '../infra/project-stage';

/** The reviewed acknowledgments this app uses when none are named: the repository's file, if present. */
export function defaultAcknowledgments(): string | undefined {
  return fs.existsSync(DEFAULT_ACKNOWLEDGMENTS_FILE) ? DEFAULT_ACKNOWLEDGMENTS_FILE : undefined;
}

/**
 * Synthesizes this app's projects (with the feature flags of cdk.json), then checks the synthesized
 * templates exactly as `--template` would: every pack, the Control Tower controls and cfn-lint. Going
 * through the templates (rather than the construct tree) also puts CDK's own custom-resource
 * handlers, which the packs do not recognise in the tree, in front of every rule. cfn-lint starts
 * before synthesis, so its start-up overlaps it.
 */
export function checkProjects(
  projects: readonly LoadedProject[],
  context: Record<string, unknown>,
  options: CheckOptions = {},
): CheckReport {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'isotrain-check-'));
  const lint = options.cfnLint === false ? undefined : startCfnLint(options.cfnLintCommand);
  try {
    const progress = options.onProgress ?? (() => undefined);
    progress({ step: 'synth', message: `synthesizing ${projects.length} project(s)` });
    // CDK's built-in template validation only prints warnings cfn-lint reports as well.
    const app = new App({ context, outdir, builtinCloudFormationValidation: false });
    const stages = projects.map((p) => ({
      stage: new ProjectStage(app, { project: p.config }),
      file: p.file,
    }));
    const started = performance.now();
    const assembly = app.synth();
    const synthMs = Math.round(performance.now() - started);
    const sources = projectSources(projects);
    const templates: string[] = [];
    const projectOf = new Map<string, ProjectSource>();
    for (const { stage, file } of stages) {
      for (const stack of stage.node.children.filter((c): c is Stack => Stack.isStack(c))) {
        const artifact = assembly.getStackArtifact(stack.artifactId);
        const template = path.join(artifact.assembly.directory, artifact.templateFile);
        templates.push(template);
        projectOf.set(template, sources.get(file)!);
      }
    }
    return checkTemplateFiles(
      'app',
      templates,
      { ...options, acknowledgments: options.acknowledgments ?? defaultAcknowledgments() },
      { projectOf: (t) => projectOf.get(t), timings: { synth: synthMs }, lint },
    );
  } catch (e) {
    lint?.cancel();
    throw e;
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

import { errorsPage } from './errors';
import { guardrailsPage } from './guardrails';
import { outputsPage } from './outputs';
import { projectFilePage } from './project-file';
import { rulesPage } from './rules';

/** Every generated reference page, by path relative to the repository root. */
export function generatedPages(): Record<string, string> {
  return {
    'docs/reference/project-file.md': projectFilePage(),
    'docs/reference/guardrails.md': guardrailsPage(),
    'docs/reference/rules.md': rulesPage(),
    'docs/reference/outputs.md': outputsPage(),
    'docs/reference/errors.md': errorsPage(),
  };
}

// The redactor image's entry point (docker/redactor/Dockerfile): a SageMaker Processing job configured by
// ISOTRAIN_REDACT_* environment variables. The one place the redactor reads the environment.
import { main } from '../lib/redact/processing-entrypoint';

void main(process.env).then((code) => {
  process.exitCode = code;
});

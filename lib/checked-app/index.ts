/**
 * The one place where the infrastructure meets the checks: the app `cdk synth` runs, with the
 * compliance packs in front of synthesis, and "synthesize this app, then check it".
 */
export * from './app';
export * from './check-app';

import { MotoBroker } from './moto-broker';

/** What global-setup.ts made, for global-teardown.ts (jest runs both in its main process). */
export interface RunState {
  readonly root: string;
  moto?: MotoBroker;
}

export const RUN_KEY = Symbol.for('isotrain.test.run');

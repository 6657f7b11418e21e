// Interactive commands (adduser's questions): a transport that can answer them in order.
import type { Transport, TransportResult, TransportRunOptions } from './transport';

/** One question of an interactive command and the answer to give. */
export interface DialogStep {
  expect: RegExp;
  send: string;
  /** The answer is a password: never logged, never part of the returned output. */
  secret?: boolean;
  /** The question may not come. */
  optional?: boolean;
}

export interface DialogTransport extends Transport {
  dialog(command: string, steps: readonly DialogStep[], opts?: TransportRunOptions): Promise<TransportResult>;
}

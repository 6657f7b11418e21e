/** A question a service asks a person: an unknown host key, a password, a confirmation. */
export type PromptKind = 'hostKey' | 'password' | 'confirm';

export interface PromptAsked {
  id: string;
  kind: PromptKind;
  title: string;
  message: string;
  /** Facts to show as a list: key type, fingerprint, host. */
  details: Record<string, string>;
  /** Where the question comes from: a router name, `vagrant@127.0.0.1:2222`. */
  device?: string;
  /** ISO time after which the question expires. */
  expiresAt: string;
}

export interface PromptSettled {
  id: string;
  outcome: 'answered' | 'cancelled' | 'timedOut';
}

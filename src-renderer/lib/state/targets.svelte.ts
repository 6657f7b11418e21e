// The routers and devboxes: loaded once, refreshed after each change made here.
import { api } from '../bridge/api';
import { asEnvelope } from '../errors';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { Target, TargetInput } from '../../../src-shared/types/targets';

export interface TargetSave {
  target: TargetInput;
  password?: string;
  shellPassword?: string;
}

class TargetsStore {
  items = $state<Target[]>([]);
  loaded = $state(false);
  error = $state<ErrorEnvelope | null>(null);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.items = await api.call('targets.list');
      this.error = null;
    } catch (err) {
      this.error = asEnvelope(err);
    } finally {
      this.loaded = true;
    }
  }

  /** Adds, or updates when `existing` names the target; rejects with the service's error. */
  async save(save: TargetSave, existing: string | null): Promise<Target> {
    const secrets = {
      ...(save.password ? { password: save.password } : {}),
      ...(save.shellPassword ? { shellPassword: save.shellPassword } : {}),
    };
    const saved = existing
      ? await api.call('targets.update', { name: existing, target: save.target, ...secrets })
      : await api.call('targets.add', { target: save.target, ...secrets });
    await this.refresh();
    return saved;
  }

  async remove(name: string): Promise<void> {
    await api.call('targets.remove', { name });
    await this.refresh();
  }
}

export const targets = new TargetsStore();

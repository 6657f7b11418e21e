// The wizard as the main side serves it: steps are data, this store only mirrors them.
import { api } from '../bridge/api';
import { asEnvelope, isConnectionError } from '../errors';
import type { ErrorEnvelope } from '../../../src-shared/errors';
import type { ImagePath, TargetPath, WizardAction, WizardView } from '../../../src-shared/types/wizard';

class WizardStore {
  view = $state<WizardView | null>(null);
  error = $state<ErrorEnvelope | null>(null);
  /** Errors from starting a step, keyed by step id, shown on that step's card. */
  runErrors = $state<Record<string, ErrorEnvelope>>({});
  /** Steps whose run call is in flight (before the task exists). */
  starting = $state<Record<string, boolean>>({});

  /** Steps the user can move on from: done, or done with notes to read. */
  doneCount = $derived(
    this.view ? this.view.steps.filter((s) => s.status === 'done' || s.status === 'attention').length : 0,
  );

  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('wizard.changed', (v) => {
      this.view = v;
    });
    void this.refresh();
  }

  async refresh(): Promise<void> {
    try {
      this.view = await api.call('wizard.get');
      this.error = null;
    } catch (err) {
      // The connection banner covers a bridge that is down; the reconnect reloads this.
      if (isConnectionError(err)) return;
      this.error = asEnvelope(err);
    }
  }

  async dispatch(action: WizardAction): Promise<void> {
    try {
      this.view = await api.call('wizard.dispatch', action);
    } catch (err) {
      if (isConnectionError(err)) return;
      this.error = asEnvelope(err);
    }
  }

  /** The router path chosen, or null before the user has said which router they have. */
  get path(): TargetPath | null {
    return this.view?.path ?? null;
  }

  /** Chooses (or changes) the router path; resolves true when the main side accepted it. */
  choosePath(path: TargetPath): Promise<boolean> {
    return this.accepted({ type: 'choosePath', path });
  }

  /** Chooses (or changes) how the image reaches the router; true when the main side accepted it. */
  chooseImagePath(imagePath: ImagePath): Promise<boolean> {
    return this.accepted({ type: 'chooseImagePath', imagePath });
  }

  /** Sends a choice; its refusal is kept for the page to show (even when the bridge is down). */
  private async accepted(action: WizardAction): Promise<boolean> {
    try {
      this.view = await api.call('wizard.dispatch', action);
      this.error = null;
      return true;
    } catch (err) {
      this.error = asEnvelope(err);
      return false;
    }
  }

  async run(stepId: string): Promise<void> {
    delete this.runErrors[stepId];
    this.starting[stepId] = true;
    try {
      await api.call('wizard.runStep', { stepId });
    } catch (err) {
      this.runErrors[stepId] = asEnvelope(err);
    } finally {
      delete this.starting[stepId];
    }
  }
}

export const wizard = new WizardStore();

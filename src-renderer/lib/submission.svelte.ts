import type { ErrorEnvelope } from '../../src-shared/errors';
import { asEnvelope } from './errors';

/**
 * A form's submit: busy while the job runs, and whatever the job rejected with kept as the
 * envelope the form's ErrorPanel draws. One per form, so a second click waits for the first.
 */
export class Submission {
  error = $state<ErrorEnvelope | null>(null);
  busy = $state(false);

  /** Runs `job` unless one is running; true when it finished without throwing. */
  async run(job: () => Promise<void>): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    this.busy = true;
    try {
      await job();
      return true;
    } catch (err) {
      this.error = asEnvelope(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

import type { ErrorEnvelope } from '../../src-shared/errors';
import { asEnvelope } from './errors';

/**
 * What a form does on submit, with its state: busy while the job runs, and whatever the job
 * threw kept as the envelope the form's ErrorPanel draws. A submit while it runs is ignored.
 */
export class Submission {
  error = $state<ErrorEnvelope | null>(null);
  busy = $state(false);

  constructor(private readonly job: () => Promise<void>) {}

  /** Runs the job unless it is running; true when it finished without throwing. */
  async run(): Promise<boolean> {
    if (this.busy) return false;
    this.error = null;
    this.busy = true;
    try {
      await this.job();
      return true;
    } catch (err) {
      this.error = asEnvelope(err);
      return false;
    } finally {
      this.busy = false;
    }
  }
}

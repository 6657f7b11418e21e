// One of the Guide's questions answered with radio cards (which router, how the image comes):
// open until answered, then a summary with "Change"; nothing is sent until the user confirms,
// and focus moves on to the step to run (or back to "Change") when the form closes.
import { tick } from 'svelte';

export interface GuideChoiceOptions<T> {
  /** The answer the main side holds now. */
  current: () => T | null;
  /** Sends the answer; true when the main side accepted it. */
  choose: (value: T) => Promise<boolean>;
  /** The data-testid of the component's root and of its "Change" button. */
  root: string;
  changeButton: string;
}

export class GuideChoice<T> {
  changing = $state(false);
  picked = $state<T | null>(null);
  missing = $state(false);
  busy = $state(false);

  constructor(private readonly o: GuideChoiceOptions<T>) {}

  get open(): boolean {
    return this.o.current() === null || this.changing;
  }

  async startChange(): Promise<void> {
    this.picked = this.o.current();
    this.missing = false;
    this.changing = true;
    // Keyboard users land in the group, on the current choice, once the form is drawn.
    await tick();
    document.querySelector<HTMLInputElement>(`[data-testid="${this.o.root}"] input:checked`)?.focus();
  }

  /** The form goes away when it is done: focus moves on instead of falling to the page. */
  async closed(next: 'step' | 'change'): Promise<void> {
    this.changing = false;
    await tick();
    const target =
      next === 'step'
        ? document.querySelector<HTMLElement>('[data-testid="step-card"][data-expanded="true"] [data-testid="step-action"]')
        : document.querySelector<HTMLElement>(`[data-testid="${this.o.changeButton}"]`);
    target?.focus();
  }

  async submit(e: SubmitEvent): Promise<void> {
    e.preventDefault();
    if (this.picked === null) {
      this.missing = true;
      return;
    }
    this.missing = false;
    if (this.picked === this.o.current()) {
      await this.closed('change');
      return;
    }
    this.busy = true;
    const ok = await this.o.choose(this.picked);
    this.busy = false;
    if (ok) await this.closed('step');
  }
}

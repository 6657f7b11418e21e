// Questions from the services (an unknown host key, a password, "replace the keys?"): they
// arrive as events and wait here until answered, cancelled or expired.
import { api } from '../bridge/api';
import type { PromptAsked } from '../../../src-shared/types/prompts';

class PromptsStore {
  queue = $state<PromptAsked[]>([]);
  current = $derived<PromptAsked | null>(this.queue[0] ?? null);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('prompt.asked', (p) => {
      if (!this.queue.some((q) => q.id === p.id)) this.queue = [...this.queue, p];
    });
    api.on('prompt.settled', ({ id }) => this.drop(id));
    // Questions asked before this window opened (or while it reconnected).
    void api.call('prompts.pending').then((pending) => {
      for (const p of pending) if (!this.queue.some((q) => q.id === p.id)) this.queue = [...this.queue, p];
    });
  }

  async answer(id: string, value: boolean | string): Promise<void> {
    this.drop(id);
    await api.call('prompts.answer', { id, value });
  }

  async cancel(id: string): Promise<void> {
    this.drop(id);
    await api.call('prompts.cancel', { id });
  }

  private drop(id: string): void {
    this.queue = this.queue.filter((q) => q.id !== id);
  }
}

export const prompts = new PromptsStore();

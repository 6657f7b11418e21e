import type { EventName, PayloadOf } from '../../../src-shared/contract';

export type HubListener = <K extends EventName>(name: K, payload: PayloadOf<K>) => void;

/**
 * Where services announce contract events. Each bridge (Electron IPC, the web host's sockets)
 * subscribes once and forwards everything; services never know who is listening.
 */
export class EventHub {
  private readonly listeners = new Set<HubListener>();

  emit<K extends EventName>(name: K, payload: PayloadOf<K>): void {
    for (const listener of this.listeners) {
      try {
        listener(name, payload);
      } catch {
        // A broken listener (a closed window, a dead socket) must not stop the others.
      }
    }
  }

  subscribe(listener: HubListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** One event by name (front doors that handle a few events, such as xrcl). */
  on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void): () => void {
    return this.subscribe((n: EventName, payload: unknown) => {
      if (n === name) listener(payload as PayloadOf<K>);
    });
  }

  get listenerCount(): number {
    return this.listeners.size;
  }
}

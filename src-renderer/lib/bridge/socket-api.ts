// The web host's implementation of `window.api`: the same contract over a token-guarded
// WebSocket. Reconnects on its own; calls made while disconnected wait for the socket.
import type { Api, EventName, MethodName, PayloadOf } from '../../../src-shared/contract';
import { BRIDGE_PATH, TOKEN_PARAM, type CallMessage, type ServerMessage } from '../../../src-shared/bridge-protocol';
import { AppError } from '../../../src-shared/errors';

const TOKEN_KEY = 'xrcl.token';

/** The token arrives in the URL fragment (never sent to a server); it is kept for reloads of this tab only. */
export function takeToken(loc: Location = location, storage: Storage = sessionStorage): string | null {
  const fromHash = new URLSearchParams(loc.hash.replace(/^#/, '')).get(TOKEN_PARAM);
  if (fromHash) {
    storage.setItem(TOKEN_KEY, fromHash);
    history.replaceState(null, '', loc.pathname + loc.search);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

export type ConnectionState = 'connecting' | 'open' | 'closed' | 'refused';

export function createSocketApi(token: string, onState: (s: ConnectionState) => void = () => undefined): Api {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let retryMs = 250;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const queue: CallMessage[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${BRIDGE_PATH}?${TOKEN_PARAM}=${encodeURIComponent(token)}`;

  function connect(): void {
    onState('connecting');
    let opened = false;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      opened = true;
      retryMs = 250;
      onState('open');
      for (const msg of queue.splice(0)) ws.send(JSON.stringify(msg));
    };
    ws.onmessage = (ev) => {
      const msg = JSON.parse(String(ev.data)) as ServerMessage;
      if (msg.t === 'event') {
        for (const fn of listeners.get(msg.name) ?? []) fn(msg.payload);
        return;
      }
      const waiter = pending.get(msg.id);
      if (!waiter) return;
      pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.value);
      else waiter.reject(AppError.fromEnvelope(msg.error));
    };
    ws.onclose = () => {
      socket = null;
      for (const [id, waiter] of pending) {
        waiter.reject(
          new AppError('Lost the connection to XR Container Lab.', {
            code: 'DISCONNECTED',
            fix: 'Check that the web host (npm run web) is still running, then retry.',
          }),
        );
        pending.delete(id);
      }
      if (!opened) {
        // Refused before opening: a wrong token, or the host is gone. Back off, never hammer.
        onState(retryMs > 4000 ? 'refused' : 'closed');
      } else onState('closed');
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 10_000);
    };
  }
  connect();

  return {
    call<K extends MethodName>(name: K, ...params: unknown[]) {
      const msg: CallMessage = { t: 'call', id: nextId++, method: name, params: params[0] };
      return new Promise((resolve, reject) => {
        pending.set(msg.id, { resolve, reject });
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
        else queue.push(msg);
      }) as never;
    },
    on<K extends EventName>(name: K, listener: (payload: PayloadOf<K>) => void) {
      let set = listeners.get(name);
      if (!set) listeners.set(name, (set = new Set()));
      const fn = listener as (payload: unknown) => void;
      set.add(fn);
      return () => set!.delete(fn);
    },
  };
}

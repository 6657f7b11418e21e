// The web host's implementation of `window.api`: the same contract over a WebSocket. The token
// never crosses the socket: the host must first prove it holds it (HMAC over our nonce), and
// only then do we answer with our own proof. Reconnects a bounded number of times; calls made
// while reconnecting wait for the socket.
import type { Api, EventName, MethodName, PayloadOf } from '../../../src-shared/contract';
import {
  BRIDGE_PATH,
  CLOSE,
  HOST_PROOF_LABEL,
  NONCE_BYTES,
  PAGE_PROOF_LABEL,
  TOKEN_PARAM,
  type CallMessage,
  type ClientMessage,
  type ServerMessage,
} from '../../../src-shared/bridge-protocol';
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

/**
 * - connecting: the first attempt; open: calls flow; retrying: the host stopped answering;
 * - refused: the host at this address does not hold this page's token (restarted, or another
 *   program took the port): retrying cannot help; no-token: the page was opened without one;
 * - gone: no host answered after several attempts.
 */
export type ConnectionState = 'connecting' | 'open' | 'retrying' | 'refused' | 'no-token' | 'gone';

/** Attempts in a row that may fail before the page stops trying (about 16 s with the backoff). */
export const MAX_ATTEMPTS = 6;
const FIRST_RETRY_MS = 250;

/** The error every call gets once the page has stopped trying; the banner says what to do. */
export function notConnected(state: ConnectionState): AppError {
  return new AppError('Not connected to the web host.', {
    code: 'NOT_CONNECTED',
    name: 'ConnectionError',
    fix:
      state === 'gone'
        ? 'Start it again with `npm run web`, then open the address it prints.'
        : 'Open the address printed by the host again (it ends with #token=…).',
  });
}

export function createSocketApi(
  token: string,
  onState: (s: ConnectionState) => void = () => undefined,
  base: { protocol: string; host: string } = location,
): Api {
  let socket: WebSocket | null = null;
  let ready = false;
  let stopped: ConnectionState | null = null;
  let failures = 0;
  let nextId = 1;
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  const queue: CallMessage[] = [];
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  const keyPromise = crypto.subtle.importKey('raw', new TextEncoder().encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);

  const proof = async (label: string, nonce: string): Promise<string> =>
    base64url(new Uint8Array(await crypto.subtle.sign('HMAC', await keyPromise, new TextEncoder().encode(label + nonce))));

  const url = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}${BRIDGE_PATH}`;

  function stop(state: ConnectionState): void {
    stopped = state;
    for (const msg of queue.splice(0)) {
      pending.get(msg.id)?.reject(notConnected(state));
      pending.delete(msg.id);
    }
    onState(state);
  }

  function connect(): void {
    const ws = new WebSocket(url);
    socket = ws;
    ready = false;
    const nonce = base64url(crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
    let hostProved = false;
    const send = (msg: ClientMessage) => ws.send(JSON.stringify(msg));

    ws.onopen = () => send({ t: 'hello', nonce });
    ws.onmessage = async (ev) => {
      let msg: ServerMessage;
      try {
        msg = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        ws.close();
        return;
      }
      if (!ready) {
        if (msg.t === 'challenge') {
          // The host proves first; whoever cannot gets nothing from us, not even our proof.
          if (typeof msg.proof !== 'string' || msg.proof !== (await proof(HOST_PROOF_LABEL, nonce))) {
            stop('refused');
            ws.close();
            return;
          }
          hostProved = true;
          send({ t: 'prove', proof: await proof(PAGE_PROOF_LABEL, String(msg.nonce)) });
        } else if (msg.t === 'ready' && hostProved) {
          ready = true;
          failures = 0;
          onState('open');
          for (const call of queue.splice(0)) ws.send(JSON.stringify(call));
        } else {
          // Anything else before the host proved itself (a 'ready' out of turn, an event) is not our host.
          stop('refused');
          ws.close();
        }
        return;
      }
      if (msg.t === 'event') {
        for (const fn of listeners.get(msg.name) ?? []) fn(msg.payload);
        return;
      }
      if (msg.t !== 'result') return;
      const waiter = pending.get(msg.id);
      if (!waiter) return;
      pending.delete(msg.id);
      if (msg.ok) waiter.resolve(msg.value);
      else waiter.reject(AppError.fromEnvelope(msg.error));
    };
    ws.onclose = (ev) => {
      socket = null;
      const wasReady = ready;
      ready = false;
      // Calls already sent may or may not have run; calls still queued wait for the next socket.
      const queued = new Set(queue.map((m) => m.id));
      for (const [id, waiter] of pending) {
        if (queued.has(id)) continue;
        waiter.reject(
          new AppError('The connection to the web host dropped before it answered.', {
            code: 'DISCONNECTED',
            name: 'ConnectionError',
            fix: 'Check the result once the page reconnects, then retry if it did not happen.',
          }),
        );
        pending.delete(id);
      }
      if (stopped) return;
      if (ev.code === CLOSE.badProof) return stop('refused');
      if (!wasReady) failures++;
      if (failures >= MAX_ATTEMPTS) return stop('gone');
      onState('retrying');
      setTimeout(connect, wasReady ? 0 : FIRST_RETRY_MS * 2 ** (failures - 1));
    };
  }
  onState('connecting');
  connect();

  return {
    call<K extends MethodName>(name: K, ...params: unknown[]) {
      const msg: CallMessage = { t: 'call', id: nextId++, method: name, params: params[0] };
      return new Promise((resolve, reject) => {
        if (stopped) return reject(notConnected(stopped));
        pending.set(msg.id, { resolve, reject });
        if (socket && ready && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
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

function base64url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

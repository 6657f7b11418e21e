// `window.api`, whichever bridge carries it: the Electron preload exposes it; in a browser
// (the web host) it is built here on a WebSocket. Components import `api` from this file only.
import type { Api } from '../../../src-shared/contract';
import { AppError, isErrorEnvelope } from '../../../src-shared/errors';
import { createSocketApi, notConnected, takeToken, type ConnectionState } from './socket-api';

declare global {
  interface Window {
    api?: Api;
  }
}

type StateListener = (s: ConnectionState) => void;
const stateListeners = new Set<StateListener>();
let lastState: ConnectionState = 'open';

/** Connection state of the web host's socket ('open' forever in the desktop app). */
export function onConnectionState(fn: StateListener): () => void {
  stateListeners.add(fn);
  fn(lastState);
  return () => stateListeners.delete(fn);
}

function setState(s: ConnectionState): void {
  lastState = s;
  for (const fn of stateListeners) fn(s);
}

export const isDesktop = typeof window !== 'undefined' && window.api !== undefined;

/** The preload rejects with plain envelopes (class instances do not cross the context bridge). */
function withAppErrors(inner: Api): Api {
  return {
    call: ((...args: Parameters<Api['call']>) =>
      inner.call(...args).catch((err: unknown) => {
        throw isErrorEnvelope(err) ? AppError.fromEnvelope(err) : err;
      })) as Api['call'],
    on: inner.on,
  };
}

function createApi(): Api {
  if (window.api) return withAppErrors(window.api);
  const token = takeToken();
  if (!token) {
    // The banner tells the user how to open the page; calls fail quietly with a human message.
    setState('no-token');
    return { call: () => Promise.reject(notConnected('no-token')), on: () => () => undefined } as Api;
  }
  const socketApi = createSocketApi(token, setState);
  window.api = socketApi;
  return socketApi;
}

export const api: Api = createApi();
export type { ConnectionState };

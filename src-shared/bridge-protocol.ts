// Messages of the web host's WebSocket bridge. Electron IPC carries the same calls and
// events on channels named from the contract; this is only the framing for a socket.
import type { ErrorEnvelope } from './errors';
import type { EventName, MethodName } from './contract';

export interface CallMessage {
  t: 'call';
  id: number;
  method: MethodName;
  params?: unknown;
}

export type ResultMessage =
  | { t: 'result'; id: number; ok: true; value: unknown }
  | { t: 'result'; id: number; ok: false; error: ErrorEnvelope };

export interface EventMessage {
  t: 'event';
  name: EventName;
  payload: unknown;
}

export type ServerMessage = ResultMessage | EventMessage;

export const BRIDGE_PATH = '/bridge';
/** The token travels in the URL fragment to the page (never sent to a server) and in this query parameter to the socket. */
export const TOKEN_PARAM = 'token';

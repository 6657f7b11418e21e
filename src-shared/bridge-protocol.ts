// Messages of the web host's WebSocket bridge. Electron IPC carries the same calls and
// events on channels named from the contract; this is only the framing for a socket.
//
// Before any call, each side proves it holds the per-launch token without sending it: the page
// sends a random nonce, the host answers HMAC(token, host label + that nonce) and a nonce of its
// own, and only when that proof checks out does the page answer HMAC(token, page label + the
// host's nonce). A program that took the port after the host exited learns nothing it can use.
import type { ErrorEnvelope } from './errors';
import type { EventName, MethodName } from './contract';

/** Page → host, first message: a fresh random nonce (base64url). */
export interface HelloMessage {
  t: 'hello';
  nonce: string;
}
/** Host → page: its proof over the page's nonce, and its own nonce. */
export interface ChallengeMessage {
  t: 'challenge';
  proof: string;
  nonce: string;
}
/** Page → host: the page's proof over the host's nonce. */
export interface ProveMessage {
  t: 'prove';
  proof: string;
}
/** Host → page: the proof checked out; calls and events may flow. */
export interface ReadyMessage {
  t: 'ready';
}

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

export type ClientMessage = HelloMessage | ProveMessage | CallMessage;
export type ServerMessage = ChallengeMessage | ReadyMessage | ResultMessage | EventMessage;

export const BRIDGE_PATH = '/bridge';
/** The token travels in the URL fragment to the page (never sent to a server, nor over the socket). */
export const TOKEN_PARAM = 'token';

/** Distinct labels, so neither side's proof can be replayed as the other's. */
export const HOST_PROOF_LABEL = 'xrcl-host-proof:';
export const PAGE_PROOF_LABEL = 'xrcl-page-proof:';
/** Nonces are 32 random bytes, base64url without padding. */
export const NONCE_BYTES = 32;
export const NONCE_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Close codes the host uses, with a reason meant for people reading logs. */
export const CLOSE = {
  /** The page's proof did not match: it holds another token (or none). */
  badProof: 4401,
  /** The handshake did not finish in time. */
  handshakeTimeout: 4408,
  /** Too many calls waiting for replies at once. */
  tooManyCalls: 4429,
  /** The page stopped reading: too many bytes queued for it. */
  notReading: 4430,
} as const;

import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  BRIDGE_PATH,
  CLOSE,
  HOST_PROOF_LABEL,
  NONCE_BYTES,
  NONCE_PATTERN,
  PAGE_PROOF_LABEL,
  TOKEN_PARAM,
  type ClientMessage,
  type ServerMessage,
} from '../../src-shared/bridge-protocol';
import { AppError } from '../../src-shared/errors';
import { createDispatcher } from '../bridge/dispatcher';
import type { AppServices } from '../app/create-services';
import { SECURITY_HEADERS } from '../security/security-headers';
import { serveStatic } from './static-files';

export interface WebHostOptions {
  services: AppServices;
  rendererDir: string;
  port?: number;
  /** Fixed token for tests of the token check itself; normally random per launch. */
  token?: string;
  /** Limits per socket; tests lower them. */
  limits?: Partial<SocketLimits>;
}

export interface SocketLimits {
  /** Bytes queued for a page that is not reading before it is cut off. */
  maxBufferedBytes: number;
  /** Calls waiting for their handler at once. */
  maxCallsInFlight: number;
  /** Time to finish the handshake. */
  handshakeMs: number;
}

const DEFAULT_LIMITS: SocketLimits = {
  maxBufferedBytes: 8 * 1024 * 1024,
  maxCallsInFlight: 64,
  handshakeMs: 10_000,
};

export interface SocketStats {
  ready: boolean;
  bufferedAmount: number;
  callsInFlight: number;
}

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  /** One entry per open socket, for the host's own tests and benchmarks. */
  socketStats(): SocketStats[];
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;

/** HMAC-SHA256 of label + nonce under the token, base64url: what each side proves with. */
export function bridgeProof(token: string, label: string, nonce: string): string {
  return createHmac('sha256', token).update(label + nonce).digest('base64url');
}

interface Peer {
  ws: WebSocket;
  phase: 'hello' | 'prove' | 'ready' | 'closing';
  hostNonce: string;
  inFlight: number;
  timer: NodeJS.Timeout | undefined;
}

/**
 * The browser front door: the built renderer and the contract over a WebSocket, on 127.0.0.1
 * only. The app runs commands on routers, so a socket must come from the host's own origin (or
 * its `localhost` spelling), and prove it holds the per-launch token before any call or event.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const limits: SocketLimits = { ...DEFAULT_LIMITS, ...options.limits };
  const dispatch = createDispatcher(options.services.handlers);
  let origin = '';
  // 127.0.0.1 is what the host prints; `localhost` is a name no web page can rebind.
  let allowedHosts = new Set<string>();
  let allowedOrigins = new Set<string>();

  const http: Server = createServer((req, res) => {
    if (!allowedHosts.has(req.headers.host ?? '')) {
      // A page on another name resolving to 127.0.0.1 (DNS rebinding) gets nothing.
      res.writeHead(421, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`XR Container Lab answers only at ${origin}/ — open the exact address that \`npm run web\` printed.`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, SECURITY_HEADERS);
      res.end('Method not allowed');
      return;
    }
    serveStatic(options.rendererDir, req.url ?? '/', res);
  });

  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  http.on('upgrade', (req, socket, head) => {
    const refusal = checkUpgrade(req, allowedHosts, allowedOrigins);
    if (refusal) {
      socket.write(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const peers = new Set<Peer>();

  /** Ends a socket with a code and reason; a page that stopped reading never gets the frame, so it is cut. */
  function shut(peer: Peer, code: number, reason: string): void {
    if (peer.phase === 'closing') return;
    peer.phase = 'closing';
    clearTimeout(peer.timer);
    peer.ws.close(code, reason);
    setTimeout(() => peer.ws.terminate(), 1000).unref();
  }

  /** Sends unless the page has too much unread already; then it is cut off instead. */
  function send(peer: Peer, msg: ServerMessage): void {
    if (peer.phase === 'closing' || peer.ws.readyState !== peer.ws.OPEN) return;
    if (peer.ws.bufferedAmount > limits.maxBufferedBytes) {
      shut(peer, CLOSE.notReading, `Closed: the page stopped reading (over ${Math.round(limits.maxBufferedBytes / 1024)} KiB unread)`);
      return;
    }
    peer.ws.send(JSON.stringify(msg));
  }

  const unsubscribe = options.services.hub.subscribe((name, payload) => {
    for (const peer of peers) if (peer.phase === 'ready') send(peer, { t: 'event', name, payload });
  });

  function attach(ws: WebSocket): void {
    const peer: Peer = { ws, phase: 'hello', hostNonce: '', inFlight: 0, timer: undefined };
    peers.add(peer);
    peer.timer = setTimeout(() => shut(peer, CLOSE.handshakeTimeout, 'Handshake not finished in time'), limits.handshakeMs);
    ws.on('close', () => {
      clearTimeout(peer.timer);
      peers.delete(peer);
    });
    ws.on('message', async (raw) => {
      if (peer.phase === 'closing') return;
      let msg: ClientMessage;
      try {
        msg = JSON.parse(raw.toString()) as ClientMessage;
      } catch {
        shut(peer, 1007, 'Malformed message');
        return;
      }
      if (typeof msg !== 'object' || msg === null) {
        shut(peer, 1008, 'Unexpected message');
        return;
      }
      if (peer.phase === 'hello') {
        if (msg.t !== 'hello' || typeof msg.nonce !== 'string' || !NONCE_PATTERN.test(msg.nonce)) {
          shut(peer, CLOSE.badProof, 'Handshake expected');
          return;
        }
        peer.hostNonce = randomBytes(NONCE_BYTES).toString('base64url');
        peer.phase = 'prove';
        send(peer, { t: 'challenge', proof: bridgeProof(token, HOST_PROOF_LABEL, msg.nonce), nonce: peer.hostNonce });
        return;
      }
      if (peer.phase === 'prove') {
        const wanted = Buffer.from(bridgeProof(token, PAGE_PROOF_LABEL, peer.hostNonce));
        const given = Buffer.from(msg.t === 'prove' && typeof msg.proof === 'string' ? msg.proof : '');
        if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) {
          shut(peer, CLOSE.badProof, 'Wrong token: open the address the web host printed');
          return;
        }
        clearTimeout(peer.timer);
        peer.phase = 'ready';
        send(peer, { t: 'ready' });
        return;
      }
      if (msg.t !== 'call' || typeof msg.id !== 'number') {
        shut(peer, 1008, 'Unexpected message');
        return;
      }
      if (peer.inFlight >= limits.maxCallsInFlight) {
        shut(peer, CLOSE.tooManyCalls, `Closed: more than ${limits.maxCallsInFlight} calls at once`);
        return;
      }
      peer.inFlight++;
      const outcome = await dispatch(msg.method, msg.params);
      peer.inFlight--;
      send(
        peer,
        outcome.ok
          ? { t: 'result', id: msg.id, ok: true, value: outcome.value }
          : { t: 'result', id: msg.id, ok: false, error: outcome.error },
      );
    });
  }

  await new Promise<void>((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') {
        reject(
          new AppError(`Port ${options.port} on ${LOOPBACK} is already in use.`, {
            code: 'PORT_IN_USE',
            fix: `Close the program using it (for example: ss -ltnp 'sport = :${options.port}'), or start with another port: npm run web -- --port <number>, or --port 0 for any free port.`,
          }),
        );
      } else reject(err);
    };
    http.once('error', onError);
    http.listen(options.port ?? 0, LOOPBACK, () => {
      http.off('error', onError);
      resolve();
    });
  });

  const port = (http.address() as AddressInfo).port;
  origin = `http://${LOOPBACK}:${port}`;
  allowedHosts = new Set([`${LOOPBACK}:${port}`, `localhost:${port}`]);
  allowedOrigins = new Set([origin, `http://localhost:${port}`]);

  return {
    url: `${origin}/#${TOKEN_PARAM}=${token}`,
    origin,
    token,
    port,
    socketStats: () =>
      [...peers].map((p) => ({ ready: p.phase === 'ready', bufferedAmount: p.ws.bufferedAmount, callsInFlight: p.inFlight })),
    async close() {
      unsubscribe();
      for (const peer of peers) {
        clearTimeout(peer.timer);
        peer.ws.terminate();
      }
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections?.();
    },
  };
}

function checkUpgrade(req: IncomingMessage, hosts: ReadonlySet<string>, origins: ReadonlySet<string>): string | null {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== BRIDGE_PATH) return '404 Not Found';
  if (!hosts.has(req.headers.host ?? '')) return '421 Misdirected Request';
  if (!origins.has(req.headers.origin ?? '')) return '403 Forbidden';
  return null;
}

import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, TOKEN_PARAM, type CallMessage, type ServerMessage } from '../../src-shared/bridge-protocol';
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
}

export interface WebHost {
  url: string;
  origin: string;
  token: string;
  port: number;
  close(): Promise<void>;
}

export const LOOPBACK = '127.0.0.1';
const MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * The browser front door: the built renderer and the contract over a WebSocket, on 127.0.0.1
 * only. The app runs commands on routers, so every socket must present the per-launch token
 * and come from the host's own origin; anything else is refused before the upgrade.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(32).toString('base64url');
  const dispatch = createDispatcher(options.services.handlers);
  let origin = '';
  let hostHeader = '';

  const http: Server = createServer((req, res) => {
    if (req.headers.host !== hostHeader) {
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
    const refusal = checkUpgrade(req, { token, origin, hostHeader });
    if (refusal) {
      socket.write(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws));
  });

  const sockets = new Set<WebSocket>();
  const unsubscribe = options.services.hub.subscribe((name, payload) => {
    const text = JSON.stringify({ t: 'event', name, payload } satisfies ServerMessage);
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(text);
  });

  function attach(ws: WebSocket): void {
    sockets.add(ws);
    ws.on('close', () => sockets.delete(ws));
    ws.on('message', async (raw) => {
      let msg: CallMessage;
      try {
        msg = JSON.parse(raw.toString()) as CallMessage;
      } catch {
        ws.close(1007, 'Malformed message');
        return;
      }
      if (msg?.t !== 'call' || typeof msg.id !== 'number') {
        ws.close(1008, 'Unexpected message');
        return;
      }
      const outcome = await dispatch(msg.method, msg.params);
      if (ws.readyState !== ws.OPEN) return;
      const reply: ServerMessage = outcome.ok
        ? { t: 'result', id: msg.id, ok: true, value: outcome.value }
        : { t: 'result', id: msg.id, ok: false, error: outcome.error };
      ws.send(JSON.stringify(reply));
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
  hostHeader = `${LOOPBACK}:${port}`;

  return {
    url: `${origin}/#${TOKEN_PARAM}=${token}`,
    origin,
    token,
    port,
    async close() {
      unsubscribe();
      for (const ws of sockets) ws.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
      http.closeAllConnections?.();
    },
  };
}

function checkUpgrade(req: IncomingMessage, expected: { token: string; origin: string; hostHeader: string }): string | null {
  const url = new URL(req.url ?? '/', 'http://placeholder');
  if (url.pathname !== BRIDGE_PATH) return '404 Not Found';
  if (req.headers.host !== expected.hostHeader) return '421 Misdirected Request';
  if (req.headers.origin !== expected.origin) return '403 Forbidden';
  const given = Buffer.from(url.searchParams.get(TOKEN_PARAM) ?? '');
  const wanted = Buffer.from(expected.token);
  if (given.length !== wanted.length || !timingSafeEqual(given, wanted)) return '401 Unauthorized';
  return null;
}

// The supervisor's control socket: newline-delimited JSON, one request per line, one reply
// per request. Used by `npm run lab` (status, fault, shutdown) and by the test API.
import { createConnection, createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';

export type FaultName = 'drop-ssh' | 'stop-docker' | 'restart-docker' | 'fill-disk' | 'rotate-host-keys';
export const FAULTS: FaultName[] = ['drop-ssh', 'stop-docker', 'restart-docker', 'fill-disk', 'rotate-host-keys'];

export type ControlRequest =
  | { op: 'status' }
  | { op: 'fault'; fault: FaultName }
  | { op: 'shutdown' };

export interface SupervisorStatus {
  phase: 'starting' | 'ready' | 'failed' | 'stopping';
  error?: string;
  pid: number;
  mntNs: string;
  netNs: string;
  docker: { running: boolean; pid: number | null };
  /** OpenSSH: 57722 on routers, 22 on the devbox. */
  sshd: { running: boolean; pid: number | null };
  xrCli: { running: boolean; port: number | null; error?: string } | null;
  /** Whether a change to /etc/sysconfig/docker restarts dockerd by itself (vagrant, ncs5500). */
  autoRestart: boolean;
}

export type ControlReply = { ok: true; status?: SupervisorStatus; detail?: string } | { ok: false; error: string };

export function serveControl(path: string, handle: (req: ControlRequest) => Promise<ControlReply>): Promise<Server> {
  rmSync(path, { force: true });
  const server = createServer((sock) => {
    let buf = '';
    sock.on('error', () => undefined);
    sock.on('data', (d) => {
      buf += d.toString();
      let nl;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let req: ControlRequest;
        try {
          req = JSON.parse(line) as ControlRequest;
        } catch {
          sock.write(JSON.stringify({ ok: false, error: 'bad request: not JSON' }) + '\n');
          continue;
        }
        handle(req)
          .catch((e: unknown): ControlReply => ({ ok: false, error: e instanceof Error ? e.message : String(e) }))
          .then((reply) => {
            if (!sock.destroyed) sock.write(JSON.stringify(reply) + '\n');
          });
      }
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve(server));
  });
}

export function controlRequest(path: string, req: ControlRequest, timeoutMs = 10_000): Promise<ControlReply> {
  return new Promise((resolve, reject) => {
    const sock = createConnection(path);
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`No answer from the lab supervisor at ${path} within ${timeoutMs} ms`));
    }, timeoutMs);
    sock.on('connect', () => sock.write(JSON.stringify(req) + '\n'));
    sock.on('data', (d) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        clearTimeout(timer);
        sock.end();
        try {
          resolve(JSON.parse(buf.slice(0, nl)) as ControlReply);
        } catch (e) {
          reject(e instanceof Error ? e : new Error(String(e)));
        }
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      if (!buf.includes('\n')) reject(new Error(`The lab supervisor at ${path} closed the connection without answering`));
    });
  });
}

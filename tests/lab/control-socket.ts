// The supervisor's control socket: newline-delimited JSON, one request per line, one reply
// per request. Used by `npm run lab` (status, fault, shutdown) and by the test API.
import { createConnection, createServer, type Server } from 'node:net';
import { rmSync } from 'node:fs';

export type FaultName = 'drop-ssh' | 'stop-docker' | 'restart-docker' | 'fill-disk' | 'free-disk' | 'rotate-host-keys';
export const FAULTS: FaultName[] = ['drop-ssh', 'stop-docker', 'restart-docker', 'fill-disk', 'free-disk', 'rotate-host-keys'];

/** The router's delays (ms); null sets the realistic default back. */
export interface LabTiming {
  /** From a save of /etc/sysconfig/docker to the automatic dockerd start (vagrant, ncs5500). */
  dockerRestartMs: number | null;
  /** From a change under /etc/docker/certs.d to the host layer seeing it (vagrant, ncs5500). */
  certsSyncMs: number | null;
}

export type DockerState = 'running' | 'starting' | 'restarting' | 'stopped';

export type ControlRequest =
  | { op: 'status' }
  | { op: 'fault'; fault: FaultName }
  | { op: 'timing'; timing: Partial<LabTiming> }
  | { op: 'shutdown' };

export interface SupervisorStatus {
  phase: 'starting' | 'ready' | 'failed' | 'stopping';
  error?: string;
  pid: number;
  /** The supervisor's pid as this machine sees it (pid is the one in the lab's PID namespace). */
  hostPid?: number;
  mntNs: string;
  netNs: string;
  pidNs?: string;
  /**
   * pid: in the lab's PID namespace. state: stopped (no daemon), starting (a daemon that does
   * not answer yet), restarting (stopped by the automatic restart, coming back), running
   * (answers on its socket). answering: GET /_ping answers.
   */
  docker: { running: boolean; pid: number | null; state?: DockerState; answering?: boolean };
  /** OpenSSH: 57722 on routers, 22 on the devbox. */
  sshd: { running: boolean; pid: number | null };
  xrCli: { running: boolean; port: number | null; error?: string } | null;
  /** Whether a change to /etc/sysconfig/docker restarts dockerd by itself (vagrant, ncs5500). */
  autoRestart: boolean;
  /** The delays in effect (ms). */
  timing?: { dockerRestartMs: number | [number, number]; certsSyncMs: number | [number, number] | null };
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

import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createServices } from '../app/create-services';
import type { KeyValueStore } from '../services/store/app-store';
import type { StepDefinition } from '../services/wizard/step-definition';
import { HOST_PROOF_LABEL, PAGE_PROOF_LABEL } from '../../src-shared/bridge-protocol';
import { fatal, waitFor } from '../../tests/support/wait-for';
import { bridgeProof, startWebHost, type WebHost } from './web-host';

const quickStep: StepDefinition = {
  id: 'quick',
  paths: 'all',
  title: 'Quick',
  why: 'A step that finishes at once.',
  manual: [],
  actionLabel: 'Go',
  taskTitle: 'Quick step',
  run: async (ctx) => {
    ctx.log('$ true\r\n');
    return { verdict: 'done', summary: 'ok' };
  },
};

let host: WebHost;

beforeAll(async () => {
  const home = mkdtempSync(join(tmpdir(), 'xrcl-web-'));
  const rendererDir = join(home, 'renderer');
  mkdirSync(rendererDir);
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>XR Container Lab</title>');
  writeFileSync(join(home, 'secret.txt'), 'outside the renderer');
  const services = createServices({
    shell: 'web',
    version: '0.0.0-test',
    dataDir: home,
    openStore: (o) => new Conf(o) as unknown as KeyValueStore,
    steps: [quickStep],
  });
  host = await startWebHost({ services, rendererDir, port: 0 });
});
afterAll(() => host?.close());

interface ConnectOptions {
  token?: string | null;
  origin?: string | null;
  hostHeader?: string;
  /** Which host to reach (the shared one by default). */
  to?: WebHost;
}

/** Upgrades, then runs the handshake as the page does; rejects with "HTTP nnn" or "closed nnnn". */
function connect(opts: ConnectOptions = {}): Promise<WebSocket> {
  const target = opts.to ?? host;
  const token = opts.token === undefined ? target.token : opts.token;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.Host = opts.hostHeader;
  const origin = opts.origin === undefined ? target.origin : opts.origin;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${target.port}/bridge`, { headers, ...(origin === null ? {} : { origin }) });
    const nonce = randomBytes(32).toString('base64url');
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
    ws.once('close', (code, reason) => reject(new Error(`closed ${code} ${reason.toString()}`)));
    ws.once('open', () => ws.send(JSON.stringify({ t: 'hello', nonce })));
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(raw.toString());
      if (msg.t === 'challenge') {
        // The host proves it holds the token before the page answers; a page without one answers junk.
        if (token !== null && msg.proof !== bridgeProof(token, HOST_PROOF_LABEL, nonce) && token === target.token) {
          reject(new Error('the host sent a wrong proof'));
        }
        const proof = token === null ? 'x'.repeat(43) : bridgeProof(token, PAGE_PROOF_LABEL, msg.nonce);
        ws.send(JSON.stringify({ t: 'prove', proof }));
      } else if (msg.t === 'ready') {
        ws.off('message', onMessage);
        ws.removeAllListeners('close');
        resolve(ws);
      }
    };
    ws.on('message', onMessage);
  });
}

function call(ws: WebSocket, method: string, params?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message: string } }> {
  const id = Math.floor(Math.random() * 1e9);
  return new Promise((resolve) => {
    const onMessage = (raw: WebSocket.RawData) => {
      const msg = JSON.parse(raw.toString());
      if (msg.t === 'result' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, method, params }));
  });
}

describe('web host', () => {
  it('listens on 127.0.0.1 only and prints a URL carrying the token in the fragment', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{40,}$/);
  });

  it('serves the renderer with a strict CSP and nothing outside its folder', async () => {
    const get = (path: string) =>
      new Promise<{ status: number; csp: string }>((resolve, reject) => {
        request({ host: '127.0.0.1', port: host.port, path }, (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0, csp: String(res.headers['content-security-policy'] ?? '') });
        })
          .on('error', reject)
          .end();
      });
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.csp).toContain("script-src 'self'");
    expect(index.csp).toContain("frame-ancestors 'none'");
    expect((await get('/../secret.txt')).status).not.toBe(200);
    expect((await get('/%2e%2e/secret.txt')).status).not.toBe(200);
  });

  it('refuses a socket that cannot prove the token, and any socket from a foreign Origin, or under another host name', async () => {
    await expect(connect({ token: null })).rejects.toThrow('closed 4401');
    await expect(connect({ token: 'x'.repeat(43) })).rejects.toThrow('closed 4401');
    await expect(connect({ origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect({ origin: null })).rejects.toThrow('HTTP 403');
    await expect(connect({ hostHeader: `rebind.example:${host.port}` })).rejects.toThrow('HTTP 421');
  });

  it('carries calls, errors as envelopes, and events to an authorised socket', async () => {
    const ws = await connect({});
    const info = await call(ws, 'app.info');
    expect(info).toMatchObject({ ok: true, value: { shell: 'web', version: '0.0.0-test', secretsPersistent: false } });

    const unknown = await call(ws, 'app.format-disk');
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } });

    const forged = await call(ws, 'wizard.dispatch', JSON.parse('{"type":"finished","stepId":"quick","outcome":{"verdict":"done","summary":"x"},"__proto__":{"x":1}}'));
    expect(forged).toMatchObject({ ok: false, error: { code: 'INVALID_PARAMS' } });

    const locked = await call(ws, 'wizard.runStep', { stepId: 'nope' });
    expect(locked).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });

    const events: Array<{ name: string; payload: { state?: string } }> = [];
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString());
      if (msg.t === 'event') events.push(msg);
    });
    const run = await call(ws, 'wizard.runStep', { stepId: 'quick' });
    expect(run.ok).toBe(true);
    await expect
      .poll(() => events.find((e) => e.name === 'wizard.changed' && JSON.stringify(e.payload).includes('"status":"done"')), { timeout: 5000 })
      .toBeTruthy();
    expect(events.some((e) => e.name === 'task.updated' && e.payload.state === 'succeeded')).toBe(true);
    ws.close();
  });

  it('closes a socket that sends something other than a call', async () => {
    const ws = await connect({});
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    expect(await closed).toBe(1007);
  });

  it('answers at localhost too (a name no page can rebind), still behind the handshake', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      request({ host: '127.0.0.1', port: host.port, path: '/', headers: { Host: `localhost:${host.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
    const ws = await connect({ hostHeader: `localhost:${host.port}`, origin: `http://localhost:${host.port}` });
    expect(await call(ws, 'app.info')).toMatchObject({ ok: true });
    ws.close();
    await expect(connect({ hostHeader: `localhost:${host.port}`, origin: `http://localhost:${host.port}`, token: null })).rejects.toThrow('closed 4401');
  });

  it('takes no call before the handshake, and never sends the token itself', async () => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/bridge`, { origin: host.origin });
    await new Promise((resolve) => ws.once('open', resolve));
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send(JSON.stringify({ t: 'call', id: 1, method: 'app.info' }));
    expect(await closed).toBe(4401);

    const frames: string[] = [];
    const ok = await connect({});
    ok.on('message', (raw) => frames.push(raw.toString()));
    await call(ok, 'app.info');
    expect(frames.join('')).not.toContain(host.token);
    ok.close();
  });
});

describe('web host limits', () => {
  const noisy: StepDefinition = {
    ...quickStep,
    id: 'noisy',
    run: async (ctx) => {
      for (let i = 0; i < 512; i++) ctx.log(`${'#'.repeat(1023)}\n`);
      return { verdict: 'done', summary: 'loud' };
    },
  };
  let limited: WebHost;
  const cap = 1024 * 1024;

  beforeAll(async () => {
    const home = mkdtempSync(join(tmpdir(), 'xrcl-web-limits-'));
    mkdirSync(join(home, 'renderer'));
    writeFileSync(join(home, 'renderer', 'index.html'), '<!doctype html>');
    const services = createServices({ shell: 'web', version: 't', dataDir: home, openStore: (o) => new Conf(o) as unknown as KeyValueStore, steps: [noisy] });
    limited = await startWebHost({ services, rendererDir: join(home, 'renderer'), port: 0, limits: { maxBufferedBytes: cap, maxCallsInFlight: 4, handshakeMs: 1000 } });
  });
  afterAll(() => limited?.close());

  it('cuts off a page that stops reading, before its unread replies grow without bound', async () => {
    const ws = await connect({ to: limited });
    const run = await call(ws, 'wizard.runStep', { stepId: 'noisy' });
    const taskId = (run.value as { taskId: string }).taskId;
    await expect.poll(async () => ((await call(ws, 'tasks.list')).value as Array<{ state: string }>)[0]?.state).toBe('succeeded');
    const log = await call(ws, 'tasks.log', { id: taskId });
    expect((log.value as string).length).toBeGreaterThan(500 * 1024);

    // From here on the client reads nothing: the host's queue for it can only grow.
    ws.pause();
    const rssBefore = process.memoryUsage().rss;
    let sent = 0;
    let maxBuffered = 0;
    await waitFor(
      () => {
        for (let i = 0; i < 4; i++) ws.send(JSON.stringify({ t: 'call', id: ++sent, method: 'tasks.log', params: { id: taskId } }));
        const stats = limited.socketStats();
        for (const s of stats) maxBuffered = Math.max(maxBuffered, s.bufferedAmount);
        if (sent > 300) throw fatal(`still connected after ${sent} calls of 512 KiB replies`);
        return stats.length === 0;
      },
      { timeoutMs: 60_000, intervalMs: 20, what: 'the host to cut off the client that does not read' },
    );
    // At most the cap plus one reply was ever queued; the kernel's socket buffers hold the rest.
    expect(maxBuffered).toBeLessThanOrEqual(cap + 600 * 1024);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(256 * 1024 * 1024);
    ws.terminate();
  });

  it('closes a socket with too many calls at once, and one that never finishes the handshake', async () => {
    const ws = await connect({ to: limited });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    const raw = (ws as unknown as { _socket: import('node:net').Socket })._socket;
    raw.cork();
    for (let i = 1; i <= 40; i++) ws.send(JSON.stringify({ t: 'call', id: i, method: 'wizard.get' }));
    raw.uncork();
    expect(await closed).toBe(4429);

    const idle = new WebSocket(`ws://127.0.0.1:${limited.port}/bridge`, { origin: limited.origin });
    const idleClosed = new Promise<number>((resolve) => idle.once('close', (code) => resolve(code)));
    expect(await idleClosed).toBe(4408);
  });
});

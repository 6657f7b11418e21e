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
import { startWebHost, type WebHost } from './web-host';

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

function connect(opts: { token?: string | null; origin?: string | null; hostHeader?: string }): Promise<WebSocket> {
  const token = opts.token === undefined ? host.token : opts.token;
  const url = `ws://127.0.0.1:${host.port}/bridge${token === null ? '' : `?token=${encodeURIComponent(token)}`}`;
  const headers: Record<string, string> = {};
  if (opts.hostHeader) headers.Host = opts.hostHeader;
  const origin = opts.origin === undefined ? host.origin : opts.origin;
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers, ...(origin === null ? {} : { origin }) });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
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

  it('refuses a socket without the token, with a wrong token, from a foreign Origin, or under another host name', async () => {
    await expect(connect({ token: null })).rejects.toThrow('HTTP 401');
    await expect(connect({ token: 'x'.repeat(43) })).rejects.toThrow('HTTP 401');
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
});

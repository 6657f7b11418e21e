import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningWebHost {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts the built web host (dist/main/web-host.js) with a fresh data folder and waits for its URL line. */
export function startBuiltWebHost(timeoutMs = 20_000): Promise<RunningWebHost> {
  const home = mkdtempSync(join(tmpdir(), 'xrcl-bench-'));
  const child = spawn(process.execPath, ['dist/main/web-host.js', '--port', '0'], {
    env: { ...process.env, XRCL_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`web host printed no URL within ${timeoutMs} ms:\n${out}`)), timeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /web host: (http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({
          url: m[1]!,
          child,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.once('exit', (code) => reject(new Error(`web host exited with ${code}:\n${out}`)));
  });
}

// The real web host as a child process, on a free port, with XRCL_HOME pointing at a fresh temp
// folder, so every run starts from an empty data folder. Used by the e2e fixtures and the bench.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface WebHost {
  /** The address the host printed, including #token=... */
  url: string;
  /** The same address without the token. */
  origin: string;
  dataDir: string;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(ROOT, 'dist/main/web-host.js');
const URL_LINE = /XR Container Lab web host: (http:\/\/127\.0\.0\.1:\d+\/\S*#token=\S+)/;

export interface StartOptions {
  /** Seeds the fresh data folder before the host starts (e.g. a corrupted settings file). */
  prepare?: (dataDir: string) => void;
  /** The script node runs (default: the built web host); e.g. scripts/start.mjs for `npm start`. */
  script?: string;
  /** Added to (or replacing parts of) this process's environment, e.g. a PATH without VirtualBox. */
  env?: NodeJS.ProcessEnv;
}

export type RunningWebHost = WebHost & { child: ChildProcess; stop: () => Promise<void>; output: () => string };

export async function startWebHost(options: StartOptions = {}): Promise<RunningWebHost> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` before the e2e suite.`);
  const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-e2e-'));
  options.prepare?.(dataDir);
  const child: ChildProcess = spawn(process.execPath, [options.script ?? ENTRY, '--port', '0'], {
    cwd: ROOT,
    env: { ...process.env, ...options.env, XRCL_HOME: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => finish(new Error(`The web host printed no URL within 30 s. Output:\n${output}`)), 30_000);
    const onData = (buf: Buffer): void => {
      output += buf.toString();
      const m = URL_LINE.exec(output);
      if (m?.[1]) finish(null, m[1]);
    };
    const onExit = (code: number | null): void => finish(new Error(`The web host exited (code ${code}) before printing its URL. Output:\n${output}`));
    function finish(err: Error | null, value?: string): void {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
      if (err) reject(err);
      else resolveUrl(value!);
    }
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (buf: Buffer) => (output += buf.toString()));
    child.on('exit', onExit);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, origin: new URL(url).origin, dataDir, child, stop, output: () => output };
}


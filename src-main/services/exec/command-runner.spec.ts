import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCommand } from './command-runner';
import { pidAlive as isRunning } from '../../../tests/support/process-probes';
import { waitFor } from '../../../tests/support/wait-for';

const NODE = process.execPath;
const dir = mkdtempSync(path.join(tmpdir(), 'xrcl-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, body: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`);
  chmodSync(file, 0o755);
  return file;
}

describe('runCommand', () => {
  it('captures stdout, stderr and the exit code, and shows the command as typed', async () => {
    const r = await runCommand({
      file: NODE,
      args: ['-e', 'console.log("out"); console.error("err"); process.exit(3)'],
      timeoutMs: 10_000,
    });
    expect(r).toMatchObject({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err\n', timedOut: false, notFound: false, cancelled: false });
    expect(r.command).toBe(`${NODE} -e 'console.log("out"); console.error("err"); process.exit(3)'`);
    expect(r.durationMs).toBeGreaterThan(0);
  });

  it('resolves with notFound for a missing program', async () => {
    const r = await runCommand({ file: 'xrcl-no-such-program', args: ['--version'], timeoutMs: 5000 });
    expect(r).toMatchObject({ notFound: true, exitCode: null, timedOut: false, cancelled: false });
    expect(r.error).toMatch(/not found/);
  });

  it('says a missing working folder is a folder problem, not a missing program', async () => {
    const r = await runCommand({ file: NODE, args: ['-v'], timeoutMs: 5000, cwd: path.join(dir, 'nope') });
    expect(r.notFound).toBe(false);
    expect(r.error).toMatch(/working folder/);
  });

  it('never breaks a multi-byte character split across chunks', async () => {
    const go = path.join(dir, 'utf8-go');
    // Writes 'A' plus the first 2 bytes of ✓ (e2 9c 93), waits for the test to see 'A', then the rest.
    const child = `
      const fs = require('fs');
      process.stdout.write(Buffer.from([0x41, 0xe2, 0x9c]));
      const t = setInterval(() => {
        if (!fs.existsSync(${JSON.stringify(go)})) return;
        clearInterval(t);
        process.stdout.write(Buffer.from([0x93, 0x42, 0xf0, 0x9f]));
        process.stdout.write(Buffer.from([0x98, 0x80]));
      }, 5);`;
    const chunks: string[] = [];
    const r = await runCommand(
      { file: NODE, args: ['-e', child], timeoutMs: 10_000 },
      {
        onOutput: (text) => {
          chunks.push(text);
          if (text === 'A') writeFileSync(go, '');
        },
      },
    );
    expect(chunks[0]).toBe('A');
    expect(r.stdout).toBe('A✓B😀');
    expect(chunks.join('')).not.toContain('\uFFFD');
  });

  it('passes input on stdin and merges env over the current environment', async () => {
    const r = await runCommand({
      file: NODE,
      args: ['-e', 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(s.toUpperCase()+process.env.XRCL_T+process.cwd()))'],
      timeoutMs: 10_000,
      input: 'show version',
      env: { XRCL_T: '-x-' },
      cwd: dir,
    });
    expect(r.stdout.trim()).toBe(`SHOW VERSION-x-${dir}`);
  });

  it('caps captured output and keeps the tail', async () => {
    const r = await runCommand(
      { file: NODE, args: ['-e', 'process.stdout.write("x".repeat(3_000_000) + "THE-END")'], timeoutMs: 20_000 },
      { maxOutputChars: 1000 },
    );
    expect(r.exitCode).toBe(0);
    expect(r.stdout.endsWith('THE-END')).toBe(true);
    expect(r.stdout.length).toBeLessThan(1100);
    expect(r.stdout.startsWith("[... 2999007 earlier characters not kept ...]\n")).toBe(true);
  });

  it('stops a hanging program at its timeout, with its child processes', async () => {
    const pidFile = path.join(dir, 'hang.pid');
    const hang = script('hang.sh', `sleep 1000 &\necho $! > ${pidFile}\nwait`);
    const r = await runCommand({ file: hang, args: [], timeoutMs: 300 });
    expect(r).toMatchObject({ timedOut: true, cancelled: false, exitCode: null, signal: 'SIGTERM' });
    const sleeper = Number(readFileSync(pidFile, 'utf8'));
    await waitFor(() => !isRunning(sleeper), { what: 'the grandchild sleep to stop', timeoutMs: 5000, intervalMs: 5 });
  });

  it('escalates to SIGKILL when the program ignores SIGTERM', async () => {
    const pidFile = path.join(dir, 'stubborn.pid');
    const stubborn = script('stubborn.sh', `trap '' TERM\nsleep 1000 &\necho $! > ${pidFile}\nwait`);
    const r = await runCommand({ file: stubborn, args: [], timeoutMs: 300 }, { killGraceMs: 200 });
    expect(r).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
    await waitFor(() => !isRunning(Number(readFileSync(pidFile, 'utf8'))), { what: 'the stubborn sleep to stop', timeoutMs: 5000, intervalMs: 5 });
  });

  it('cancels through an AbortSignal and resolves with cancelled', async () => {
    const ac = new AbortController();
    const r = await runCommand(
      { file: NODE, args: ['-e', 'console.log("ready"); setInterval(() => {}, 1000)'], timeoutMs: 60_000 },
      { signal: ac.signal, onOutput: (t) => t.includes('ready') && ac.abort() },
    );
    expect(r).toMatchObject({ cancelled: true, timedOut: false, stdout: 'ready\n' });
  });

  it('does not start anything when already cancelled', async () => {
    const marker = path.join(dir, 'should-not-exist');
    const r = await runCommand(
      { file: NODE, args: ['-e', `require("fs").writeFileSync(${JSON.stringify(marker)}, "")`], timeoutMs: 5000 },
      { signal: AbortSignal.abort() },
    );
    expect(r.cancelled).toBe(true);
    expect(existsSync(marker)).toBe(false);
  });

  it('returns when the program exits even if a background child keeps the pipes open', async () => {
    const pidFile = path.join(dir, 'bg.pid');
    const bg = script('bg.sh', `sleep 1000 &\necho $! > ${pidFile}\necho done`);
    const r = await runCommand({ file: bg, args: [], timeoutMs: 60_000 });
    expect(r).toMatchObject({ exitCode: 0, timedOut: false, stdout: 'done\n' });
    process.kill(Number(readFileSync(pidFile, 'utf8')), 'SIGKILL');
  });
});

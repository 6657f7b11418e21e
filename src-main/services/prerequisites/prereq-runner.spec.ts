import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../src-shared/errors';
import { commandCheck } from './command-check';
import { vagrantCheck } from './check-vagrant';
import { gb } from './format-units';
import { prereqCatalog } from './prereq-catalog';
import { runPrerequisites } from './prereq-runner';
import type { CheckResult, HostFacts, PrereqCheck, Verdict } from './prereq-types';
import { pidAlive as isRunning } from '../../../tests/support/process-probes';
import { waitFor } from '../../../tests/support/wait-for';
import { DOCKER_VERSION_FORMAT } from './check-docker';

const NODE = process.execPath;
const dir = mkdtempSync(path.join(tmpdir(), 'xrcl-prereq-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const host: HostFacts = {
  platform: 'linux',
  arch: 'x64',
  cpuModel: 'Test CPU',
  osRelease: '6.1',
  cores: 8,
  totalMemBytes: gb(16),
  freeMemBytes: gb(10),
  dataDir: '/nowhere',
  freeDiskBytes: gb(100),
};

/** A check that runs `node -e script` and passes when it exits 0. */
function nodeCheck(id: string, script: string, timeoutMs = 10_000): PrereqCheck {
  return commandCheck({
    id,
    title: id,
    why: 'test',
    timeoutMs,
    commands: () => [{ file: NODE, args: ['-e', script] }],
    interpret: (o): Verdict =>
      o.exitCode === 0 ? { status: 'pass', value: o.stdout.trim(), message: 'ok' } : { status: 'fail', value: `exit ${o.exitCode}`, message: 'failed' },
  });
}

function fixed(id: string, status: Verdict['status']): PrereqCheck {
  return { id, title: id, why: 'test', timeoutMs: 1000, probe: async () => null, interpret: () => ({ status, value: status, message: status }) };
}

/** Script that creates `mine`, then exits once `other` exists (or hangs until killed). */
const rendezvous = (mine: string, other: string): string =>
  `const fs=require('fs');fs.writeFileSync(${JSON.stringify(mine)},'');` +
  `setInterval(()=>{if(fs.existsSync(${JSON.stringify(other)})){console.log('met');process.exit(0)}},5)`;

describe('runPrerequisites', () => {
  it('runs checks concurrently: each waits for the other to have started', async () => {
    const a = path.join(dir, 'a-started');
    const b = path.join(dir, 'b-started');
    // Run one after the other, the first would wait forever for the second and time out.
    const report = await runPrerequisites({
      host,
      checks: [nodeCheck('a', rendezvous(a, b), 8000), nodeCheck('b', rendezvous(b, a), 8000)],
    });
    expect(report.results.map((r) => [r.id, r.status, r.value])).toEqual([
      ['a', 'pass', 'met'],
      ['b', 'pass', 'met'],
    ]);
  });

  it('reports each result as it finishes, before slower checks are done', async () => {
    const release = path.join(dir, 'release-slow');
    const seen: string[] = [];
    const slowScript = `const fs=require('fs');setInterval(()=>{if(fs.existsSync(${JSON.stringify(release)})){console.log('released');process.exit(0)}},5)`;
    const report = await runPrerequisites({
      host,
      checks: [nodeCheck('slow', slowScript), fixed('fast', 'pass')],
      onResult: (r: CheckResult) => {
        seen.push(r.id);
        // The slow check can only finish after the fast one has been reported.
        if (r.id === 'fast') writeFileSync(release, '');
      },
    });
    expect(seen).toEqual(['fast', 'slow']);
    // Results keep catalog order whatever the finishing order.
    expect(report.results.map((r) => r.id)).toEqual(['slow', 'fast']);
    expect(report.results[0]?.status).toBe('pass');
  });

  it('fails a hanging check after its own timeout, naming the command, without holding up the others', async () => {
    const logs: string[] = [];
    const hang = 'setInterval(() => {}, 1000)';
    const report = await runPrerequisites({
      host,
      log: (t) => logs.push(t),
      checks: [nodeCheck('hangs', hang, 300), nodeCheck('quick', 'console.log("fine")')],
    });
    const [hung, quick] = report.results;
    expect(hung).toMatchObject({
      status: 'fail',
      value: 'timed out',
      message: `timed out after 0.3 s running \`${NODE} -e 'setInterval(() => {}, 1000)'\``,
      command: `${NODE} -e 'setInterval(() => {}, 1000)'`,
    });
    expect(hung?.fix).toMatch(/Run `.*` in a terminal/);
    expect(quick).toMatchObject({ status: 'pass', value: 'fine' });
    expect(logs).toContain(`$ ${NODE} -e 'console.log("fine")'\nfine\n`);
    expect(logs.some((l) => l.startsWith(`$ ${NODE} -e 'setInterval`) && l.endsWith('(timed out after 0.3 s; stopped)\n'))).toBe(true);
  });

  it('times out a probe that hangs without running a command', async () => {
    const stuck: PrereqCheck = { id: 'stuck', title: 'Free disk space', why: 'test', timeoutMs: 200, probe: () => new Promise(() => {}), interpret: () => ({ status: 'pass', value: '', message: '' }) };
    const report = await runPrerequisites({ host, checks: [stuck] });
    expect(report.results[0]).toMatchObject({ status: 'fail', message: 'timed out after 0.2 s measuring free disk space' });
  });

  it('reports a missing tool with its install fix and logs what was tried', async () => {
    const logs: string[] = [];
    const noVagrant: PrereqCheck = { ...vagrantCheck, probe: (ctx) => ctx.runFirstFound([{ file: 'xrcl-no-vagrant-here', args: ['--version'] }]) };
    const report = await runPrerequisites({ host, platform: 'linux', log: (t) => logs.push(t), checks: [noVagrant] });
    expect(report.results[0]).toMatchObject({ status: 'fail', value: 'not found', command: 'xrcl-no-vagrant-here --version' });
    expect(report.results[0]?.fix).toContain('sudo apt install vagrant');
    expect(logs).toEqual(['$ xrcl-no-vagrant-here --version\n(xrcl-no-vagrant-here: not found)\n']);
  });

  it('tries each candidate until one is found, and shows them all', async () => {
    const check = commandCheck({
      id: 'cand',
      title: 'cand',
      why: 'test',
      timeoutMs: 10_000,
      commands: () => [
        { file: 'xrcl-not-on-path', args: ['--version'] },
        { file: NODE, args: ['-e', 'console.log("found")'] },
      ],
      interpret: (o) => ({ status: 'pass', value: o.stdout.trim(), message: '' }),
    });
    const report = await runPrerequisites({ host, checks: [check] });
    expect(report.results[0]).toMatchObject({ value: 'found', command: `xrcl-not-on-path --version\n${NODE} -e 'console.log("found")'` });
    expect(report.results[0]?.output).toContain('$ xrcl-not-on-path --version\n(xrcl-not-on-path: not found)');
  });

  it('cancels through the AbortSignal: running commands are killed before it rejects', async () => {
    const pidFile = path.join(dir, 'cancel.pid');
    const ac = new AbortController();
    const reported: string[] = [];
    const p = runPrerequisites({
      host,
      signal: ac.signal,
      onResult: (r) => reported.push(r.id),
      checks: [
        fixed('done-first', 'pass'),
        nodeCheck('hangs', `require('fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`, 60_000),
      ],
    });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8') !== '', { what: 'the hanging check to start', timeoutMs: 5000, intervalMs: 5 });
    ac.abort();
    const err = await p.then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('CANCELLED');
    expect(isRunning(Number(readFileSync(pidFile, 'utf8')))).toBe(false);
    expect(reported).toEqual(['done-first']);
  });

  it('rejects at once when already cancelled', async () => {
    await expect(runPrerequisites({ host, signal: AbortSignal.abort(), checks: [fixed('x', 'pass')] })).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('summarises pass, warn and fail, and announces the count first', async () => {
    let count = -1;
    const report = await runPrerequisites({
      host,
      onStart: (n) => (count = n),
      checks: [fixed('p1', 'pass'), fixed('w', 'warn'), fixed('p2', 'pass'), fixed('f', 'fail')],
    });
    expect(count).toBe(4);
    expect(report.summary).toEqual({ pass: 2, warn: 1, fail: 1, skip: 0 });
    expect(Date.parse(report.finishedAt)).toBeGreaterThanOrEqual(Date.parse(report.startedAt));
    expect(report.results.every((r) => r.durationMs >= 0 && r.why === 'test')).toBe(true);
  });

  it('turns an interpret bug into a failed check instead of a crash', async () => {
    const buggy: PrereqCheck = { ...fixed('buggy', 'pass'), interpret: () => { throw new Error('boom'); } };
    const report = await runPrerequisites({ host, checks: [buggy, fixed('ok', 'pass')] });
    expect(report.results[0]).toMatchObject({ status: 'fail', value: 'error' });
    expect(report.results[0]?.message).toContain('boom');
    expect(report.summary).toEqual({ pass: 1, warn: 0, fail: 1, skip: 0 });
  });

  it('weighs each check for the chosen path: skipped ones do not run, an advised failure only warns', async () => {
    let probed = 0;
    const counted = (id: string, status: Verdict['status'], need: PrereqCheck['need']): PrereqCheck => ({
      ...fixed(id, status),
      need,
      probe: async () => void probed++,
    });
    const seen: string[] = [];
    let count = -1;
    const report = await runPrerequisites({
      host,
      path: 'physical',
      onStart: (n) => (count = n),
      onResult: (r) => seen.push(`${r.id}:${r.status}`),
      checks: [
        counted('vbox', 'fail', { vagrant: 'required', physical: 'skip', lab: 'skip' }),
        counted('docker', 'fail', { vagrant: 'advised', physical: 'advised', lab: 'required' }),
        counted('must', 'fail', { vagrant: 'required', physical: 'required', lab: 'required' }),
      ],
    });
    expect(probed).toBe(2);
    expect(count).toBe(2);
    expect(seen[0]).toBe('vbox:skip');
    expect(report.path).toBe('physical');
    expect(report.results.map((r) => [r.id, r.status, r.need])).toEqual([
      ['vbox', 'skip', 'skip'],
      ['docker', 'warn', 'advised'],
      ['must', 'fail', 'required'],
    ]);
    expect(report.results[0]).toMatchObject({ value: 'not checked', message: 'Not needed for a physical router.' });
    expect(report.results[1]?.message).toBe('fail Advised, not required, for a physical router.');
    expect(report.summary).toEqual({ pass: 0, warn: 1, fail: 1, skip: 1 });

    // The same checks for the practice lab: Docker is required there.
    const lab = await runPrerequisites({ host, path: 'lab', checks: [counted('docker', 'fail', { vagrant: 'advised', physical: 'advised', lab: 'required' })] });
    expect(lab.results[0]).toMatchObject({ status: 'fail', need: 'required' });
  });

  it('writes each check to the log as one block when it finishes, never interleaved with another', async () => {
    const firstRan = path.join(dir, 'block-first-ran');
    const otherDone = path.join(dir, 'block-other-done');
    const waitFile = (f: string, say: string): string =>
      `const fs=require('fs');setInterval(()=>{if(fs.existsSync(${JSON.stringify(f)})){console.log(${JSON.stringify(say)});process.exit(0)}},5)`;
    // "two" runs a command, then a second one that can only end after "one" has been reported;
    // "one" runs its only command in between. Logged per command, the lines would interleave.
    const two: PrereqCheck = {
      id: 'two',
      title: 'two',
      why: 'test',
      timeoutMs: 10_000,
      probe: async (ctx) => {
        await ctx.run({ file: NODE, args: ['-e', `require('fs').writeFileSync(${JSON.stringify(firstRan)},'');console.log('two-a')`] });
        return ctx.run({ file: NODE, args: ['-e', waitFile(otherDone, 'two-b')] });
      },
      interpret: () => ({ status: 'pass', value: 'ok', message: 'ok' }),
    };
    const one = nodeCheck('one', waitFile(firstRan, 'one'));
    const logs: string[] = [];
    await runPrerequisites({
      host,
      checks: [two, one],
      log: (t) => logs.push(t),
      onResult: (r) => {
        if (r.id === 'one') writeFileSync(otherDone, '');
      },
    });
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/^\$ .* -e .*\none\n$/);
    expect(logs[1]).toMatch(/^\$ .*\ntwo-a\n\$ .*\ntwo-b\n$/);
  });

  it('runs the real catalog on this computer for a physical router: VirtualBox and Vagrant are not run', { timeout: 120_000 }, async () => {
    const logs: string[] = [];
    const report = await runPrerequisites({ dataDir: tmpdir(), path: 'physical', log: (t) => logs.push(t) });
    expect(report.results.find((r) => r.id === 'virtualbox')).toMatchObject({ status: 'skip', need: 'skip' });
    expect(report.results.find((r) => r.id === 'vagrant')?.status).toBe('skip');
    expect(logs.some((l) => l.includes('VBoxManage') || l.includes('vagrant'))).toBe(false);
    expect(report.results.filter((r) => r.status === 'fail')).toEqual([]);
    expect(logs.some((l) => l.startsWith('$ ssh -V\n'))).toBe(true);
  });

  it('runs the real catalog on this computer', { timeout: 120_000 }, async () => {
    const logs: string[] = [];
    const report = await runPrerequisites({ dataDir: tmpdir(), log: (t) => logs.push(t) });
    expect(report.results.map((r) => r.id)).toEqual(prereqCatalog.map((c) => c.id));
    for (const r of report.results) {
      expect(['pass', 'warn', 'fail']).toContain(r.status);
      expect(r.need).toBe('required');
      expect(r.value).not.toBe('');
      if (r.status !== 'pass') expect(r.fix, r.id).toBeTruthy();
    }
    expect(logs.some((l) => l.startsWith('$ ssh -V\n'))).toBe(true);
    expect(logs.some((l) => l.startsWith(`$ docker version --format '${DOCKER_VERSION_FORMAT}'\n`))).toBe(true);
  });
});

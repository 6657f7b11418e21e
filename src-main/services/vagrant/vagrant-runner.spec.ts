// What the runner says before vagrant ever runs; vagrant itself is exercised in
// tests/integration/vagrant-*.itest.ts (real vagrant, docker provider).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VagrantRunner } from './vagrant-runner';
import { BoxManager } from './box-manager';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xrcl-runner-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('VagrantRunner', () => {
  it('needs an absolute topology folder', () => {
    expect(() => new VagrantRunner({ cwd: 'topology' })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('says how to install vagrant when it is not on PATH', async () => {
    const runner = new VagrantRunner({ cwd: dir, env: { PATH: dir }, platform: 'linux' });
    await expect(runner.status()).rejects.toMatchObject({ code: 'VAGRANT_NOT_FOUND', fix: expect.stringContaining('apt install vagrant') });
    await expect(new BoxManager({ env: { PATH: dir } }).list()).rejects.toMatchObject({ code: 'VAGRANT_NOT_FOUND' });
  });

  it('refuses a topology folder that does not exist', async () => {
    const runner = new VagrantRunner({ cwd: path.join(dir, 'gone'), vagrantPath: '/bin/true' });
    await expect(runner.up()).rejects.toMatchObject({ code: 'NOT_FOUND', command: 'vagrant up' });
  });

  it('a signal already aborted runs nothing', async () => {
    const ac = new AbortController();
    ac.abort();
    let output = '';
    const runner = new VagrantRunner({ cwd: dir, vagrantPath: '/bin/echo', onData: (t) => (output += t) });
    await expect(runner.halt([], { signal: ac.signal })).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(output).toBe('');
  });
});

// xrcl vagrant as a script runs it: the reference topology written from the project's own
// templates (vagrant validate accepts it), and status run in that folder telling the user what
// is missing on a machine without VirtualBox.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findCommand } from '../lab/lab-prereqs';
import { jsonOf, runXrcl } from '../support/xrcl-process';

const hasVagrant = findCommand('vagrant') !== null;
const hasVirtualBox = findCommand('VBoxManage') !== null;

describe.skipIf(!hasVagrant)(`xrcl vagrant${hasVagrant ? '' : ' (skipped: vagrant is not installed)'}`, () => {
  const home = mkdtempSync(join(tmpdir(), 'xrcl-vagrant-'));
  const dir = join(home, 'topology');
  afterAll(() => rmSync(home, { recursive: true, force: true }));

  it('init writes the Vagrantfile, day-0 config and scripts with the user\'s choices; vagrant validate accepts them', async () => {
    const r = await runXrcl(home, ['vagrant', 'init', dir, '--router-memory', '6144', '--devbox', 'ubuntu/jammy64', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const { files } = jsonOf<{ dir: string; files: string[] }>(r);
    expect(files).toEqual(expect.arrayContaining(['Vagrantfile', 'configs/rtr_config', 'scripts/apply_config.sh']));
    const vagrantfile = readFileSync(join(dir, 'Vagrantfile'), 'utf8');
    expect(vagrantfile).toContain('6144');
    expect(vagrantfile).toContain("'ubuntu/jammy64'");
    const validate = spawnSync('vagrant', ['validate', ...(hasVirtualBox ? [] : ['--ignore-provider'])], { cwd: dir, encoding: 'utf8', env: { ...process.env, VAGRANT_CHECKPOINT_DISABLE: '1' } });
    expect(validate.status, validate.stdout + validate.stderr).toBe(0);
    // The same choices again change nothing; other input is refused before anything is written.
    expect((await runXrcl(home, ['vagrant', 'init', dir, '--router-memory', '6144', '--devbox', 'ubuntu/jammy64'])).status).toBe(0);
    const bad = await runXrcl(home, ['vagrant', 'init', join(home, 'other'), '--router-memory', '64', '--json']);
    expect(bad.status).toBe(1);
    expect(jsonOf<{ error: { code: string; fix: string } }>(bad).error.code).toBe('BAD_INPUT');
  });

  it.skipIf(hasVirtualBox)('status without VirtualBox says so, with the fix', async () => {
    const r = await runXrcl(home, ['vagrant', 'status', dir, '--json']);
    expect(r.status).toBe(1);
    const { error } = jsonOf<{ error: { code: string; fix: string; message: string } }>(r);
    expect(error.code).toBe('VIRTUALBOX_MISSING');
    expect(error.fix).toMatch(/VirtualBox/);
  });
});

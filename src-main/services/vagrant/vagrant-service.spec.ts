// The Vagrant service's own decisions, with real parts and no vagrant run: the Guide's topology
// choice (checked, kept), writing a topology and remembering its folder, a box file that is a
// web page refused before vagrant sees it, and a job in a missing folder failing with its cause
// while its terminal ends.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { vagrantServiceIn } from '../../../tests/support/vagrant-service-setup';

const root = mkdtempSync(path.join(os.tmpdir(), 'xrcl-vg-service-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const setup = () => vagrantServiceIn(root);

describe('Vagrant service', () => {
  it("the Guide's topology: the default folder and the tutorial's values until the user chooses; bad choices refused with the fix", () => {
    const { vagrant, defaultFolder } = setup();
    expect(vagrant.guideTopology()).toEqual({ dir: defaultFolder, choices: {} });
    const dir = path.join(root, 'mine');
    expect(vagrant.chooseTopology(`${dir}/`, { routerMemoryMb: 6144, devboxBox: 'ubuntu/jammy64' })).toEqual({ dir, choices: { routerMemoryMb: 6144, devboxBox: 'ubuntu/jammy64' } });
    expect(() => vagrant.chooseTopology(dir, { routerMemoryMb: 1024 })).toThrow(expect.objectContaining({ code: 'BAD_INPUT', fix: expect.stringContaining('5120') }));
    expect(() => vagrant.chooseTopology('relative/dir', {})).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    // The refused ones changed nothing.
    expect(vagrant.guideTopology().choices.routerMemoryMb).toBe(6144);
    const preview = vagrant.preview(vagrant.guideTopology().choices);
    expect(preview.map((f) => f.path)).toEqual(['Vagrantfile', 'configs/rtr_config', 'scripts/apply_config.sh', 'scripts/docker_install.sh']);
    expect(preview[0]!.contents).toContain('6144');
  });

  it('init writes the files, remembers the folder, and refuses to replace other files', async () => {
    const { vagrant } = setup();
    const dir = path.join(root, 'topo');
    const written = await vagrant.init(dir, { routerMemoryMb: 6144 });
    expect(written.files).toContain('Vagrantfile');
    expect(readFileSync(path.join(dir, 'Vagrantfile'), 'utf8')).toContain('6144');
    expect(vagrant.topologies()).toEqual([expect.objectContaining({ dir, provider: 'virtualbox', routerTarget: null, devboxTarget: null })]);
    await expect(vagrant.init(dir, { routerMemoryMb: 8192 })).rejects.toMatchObject({ code: 'TOPOLOGY_EXISTS' });
    expect(readFileSync(path.join(dir, 'Vagrantfile'), 'utf8')).toContain('6144');
  });

  it('a "box" that is a saved web page fails the add task with the cause, before vagrant runs', async () => {
    const { vagrant, tasks } = setup();
    const file = path.join(root, 'iosxrv-fullk9-x64.box');
    writeFileSync(file, '<!DOCTYPE html><html><head><title>Sign in | Cisco</title></head><body>Please sign in</body></html>');
    const { taskId } = vagrant.addBox(file);
    await expect.poll(() => tasks.get(taskId).state).toBe('failed');
    expect(tasks.get(taskId).error).toMatchObject({ code: 'BOX_FILE_IS_HTML', message: expect.stringContaining('Sign in | Cisco') });
    expect(tasks.logOf(taskId)).not.toContain('$ vagrant box add');
  });

  it('a job in a folder that is gone fails with the cause, and its terminal ends', async () => {
    const { vagrant, tasks, sessions } = setup();
    const dir = path.join(root, 'gone');
    mkdirSync(dir);
    rmSync(dir, { recursive: true });
    const job = vagrant.up(dir);
    await expect.poll(() => tasks.get(job.taskId).state).toBe('failed');
    expect(tasks.get(job.taskId).error).toMatchObject({ code: 'NOT_FOUND', fix: expect.stringMatching(/topology/i) });
    expect(sessions.list()).toEqual([expect.objectContaining({ id: job.sessionId, title: 'vagrant up (gone)', kind: 'pty', exited: { code: 1 } })]);
  });
});

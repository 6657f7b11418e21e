// The box manager with real Vagrant and a private VAGRANT_HOME: detect the IOS-XRv box, add it
// from a local .box file through the PTY, and stop an HTML "box" before vagrant ever sees it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TaskSnapshot } from '../../src-shared/types/tasks';
import { EventHub } from '../../src-main/services/events/event-hub';
import { TaskManager } from '../../src-main/services/tasks/task-manager';
import { BoxManager } from '../../src-main/services/vagrant/box-manager';
import { findCommand } from '../lab/lab-prereqs';
import { writeTar } from '../lab/test-images';
import { removeDir, tempDir } from './support/vagrant-itest-env';

const problem = findCommand('vagrant') ? null : 'vagrant not found: apt-get install vagrant';

describe.skipIf(problem !== null)(`box manager${problem ? ` (skipped: ${problem})` : ''}`, () => {
  const home = problem ? '' : tempDir('xrcl-vagrant-home-');
  const files = problem ? '' : tempDir('xrcl-boxes-');
  afterAll(() => {
    if (home) removeDir(home);
    if (files) removeDir(files);
  });
  const boxes = new BoxManager({ env: { VAGRANT_HOME: home } });

  it('reports the IOS-XRv box as missing on an empty Vagrant', async () => {
    expect(await boxes.findIosXrv()).toEqual({ added: false, box: null, boxes: [] });
  });

  it('adds a box file as IOS-XRv, as a task with its log, then finds it', async () => {
    // A placeholder box: metadata.json for the virtualbox provider and a 24 MB disk stand-in.
    const box = path.join(files, 'iosxrv-fullk9-x64.box');
    writeFileSync(box, writeTar([
      { path: 'metadata.json', type: 'file', data: Buffer.from('{"provider":"virtualbox"}') },
      { path: 'box-disk1.vmdk', type: 'file', data: Buffer.alloc(24 * 1024 * 1024, 7) },
    ]));
    const hub = new EventHub();
    const details: string[] = [];
    hub.subscribe((name, p) => {
      if (name === 'task.updated') details.push((p as TaskSnapshot).detail);
    });
    const tasks = new TaskManager(hub);
    const t = tasks.start({ title: 'Add the IOS-XRv box', kind: 'vagrant', run: (ctx) => boxes.add(box, { task: ctx }) });
    expect(await t.done).toEqual({ name: 'IOS-XRv', version: '0', provider: 'virtualbox' });
    const log = tasks.logOf(t.id);
    expect(log).toContain(`$ vagrant box add --name IOS-XRv ${box}`);
    expect(log).toContain("Successfully added box 'IOS-XRv'");
    expect(log).toContain('Note: iosxrv-fullk9-x64.box is only 24.0 MB');
    expect(details).toContain('Adding IOS-XRv from iosxrv-fullk9-x64.box');
    const found = await boxes.findIosXrv();
    expect(found.added).toBe(true);
    expect(found.box).toEqual({ name: 'IOS-XRv', provider: 'virtualbox', version: '0' });
    // A second add without force is refused with the way out.
    await expect(boxes.add(box)).rejects.toMatchObject({ code: 'BOX_ALREADY_ADDED' });
  });

  it('refuses an HTML page saved as the box before running vagrant', async () => {
    const page = path.join(files, 'iosxrv-fullk9-x64 (1).box');
    writeFileSync(page, '<!DOCTYPE html>\n<html><head><title>Log In - Cisco</title></head><body>Please sign in</body></html>\n');
    let output = '';
    const err = await boxes.add(page, { name: 'IOS-XRv-2', onData: (t) => (output += t) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BOX_FILE_IS_HTML' });
    expect(output).toBe('');
    expect((await boxes.list()).map((b) => b.name)).toEqual(['IOS-XRv']);
  });
});

// Delivery where the path differs: a practice NCS5500 whose XR shell user (made by onboarding)
// is not in group app_host, so it cannot write /misc/app_host/scratch. The copy goes to a folder
// root makes for that user in /misc/app_host, sudo asks for the user's password, and the image
// still loads and runs. Driven through xrcl, as a script would.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildImageTarball } from '../../src-main/services/images/image-builder';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { jsonOf, runXrcl, type XrclRun } from '../support/xrcl-process';

const skip = labSuiteSkipReason() ?? testImageProblem();
const LAB = `dl-ncs-${process.pid}`;
const PASSWORD = `sudo 'pass'; $(id)`;

describe.skipIf(skip !== null)(`tarball delivery to a practice NCS5500${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let home: string;
  let dir: string;
  const xrcl = (args: string[], stdin?: string): Promise<XrclRun> => runXrcl(home, args, stdin);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-dl-ncs-'));
    dir = mkdtempSync(join(tmpdir(), 'xrcl-dl-ncs-files-'));
    lab = await labUp({ platform: 'ncs5500', name: LAB, diskMb: 128 });
    const cli = lab.endpoints.xrCli!;
    const add = await xrcl(['target', 'add', 'ncs', '--platform', 'ncs5500', '--host', lab.labAddress, '--user', cli.user ?? 'root', '--password-stdin'], cli.password ?? '');
    expect(add.status, add.stderr).toBe(0);
    const onboard = await xrcl(['onboard', 'ncs', '--new-user', 'cisco', '--new-password-stdin', '--accept-new', '--json'], PASSWORD);
    expect(onboard.status, onboard.stderr).toBe(0);
  }, 180_000);

  afterAll(async () => {
    await labDown({ name: LAB }).catch(() => undefined);
    for (const d of [home, dir]) if (d) rmSync(d, { recursive: true, force: true });
  });

  it('copies into a folder root makes for the user, loads, runs, and cleans up', async () => {
    expect((await labExec(LAB, ['id', '-nG', 'cisco'])).stdout).not.toMatch(/\bapp_host\b/);
    writeBusyboxImage(join(dir, 'base.tar'), 'dl/busybox:base');
    writeFileSync(join(dir, 'hello.txt'), 'hello from the NCS5500\n');
    const built = await buildImageTarball({
      base: join(dir, 'base.tar'),
      add: [{ source: join(dir, 'hello.txt'), dest: '/srv/hello.txt' }],
      cmd: ['cat', '/srv/hello.txt'],
      tags: ['dl/ncs:1'],
      output: join(dir, 'ncs app.tar'),
    });
    const run = await xrcl(['image', 'send', 'ncs', built.file, '--load', '--json']);
    expect(run.status, run.stderr).toBe(0);
    const out = jsonOf<{ loaded: string; remotePath: string; sha256: string; bytesSent: number }>(run);
    expect(out).toMatchObject({ loaded: 'dl/ncs:1', remotePath: '/misc/app_host/xrcl-cisco/ncs app.tar', sha256: built.sha256, bytesSent: built.bytes });
    expect(run.stderr).toContain("$ install -d -m 0755 -o cisco /misc/app_host/xrcl-cisco");
    expect(run.stderr).not.toContain(PASSWORD);
    expect((await labExec(LAB, ['bash', '-c', 'docker run --rm dl/ncs:1'])).stdout).toBe('hello from the NCS5500\n');
    expect((await labExec(LAB, ['ls', '-A', '/misc/app_host/xrcl-cisco'])).stdout).toBe('');

    // A second send finds the folder and needs no root for it.
    const again = await xrcl(['image', 'send', 'ncs', built.file, '--load', '--json']);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('install -d');
  }, 120_000);
});

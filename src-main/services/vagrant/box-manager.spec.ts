import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadOutput } from './fixtures/load-output';
import { inspectBoxFile, lastBoxAddProgress, parseBoxListMachineReadable } from './box-manager';
import { recognizeVagrantFailure } from './vagrant-failures';

const dir = mkdtempSync(path.join(os.tmpdir(), 'xrcl-boxfile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, data: string | Buffer): string => {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  return p;
};

describe('parseBoxListMachineReadable (recorded)', () => {
  it('reads name, provider and version of each box', () => {
    expect(parseBoxListMachineReadable(loadOutput('vagrant-box-list.machine-readable.two-boxes', { pty: true }))).toEqual([
      { name: 'IOS-XRv', provider: 'virtualbox', version: '0' },
      { name: 'ubuntu/trusty64', provider: 'docker', version: '0' },
    ]);
    expect(parseBoxListMachineReadable(loadOutput('vagrant-box-list.machine-readable.no-boxes'))).toEqual([]);
  });
});

describe('inspectBoxFile', () => {
  it('recognises a saved sign-in page by its first bytes, with the fix', async () => {
    const html = write('iosxrv-fullk9-x64.box', '\uFEFF\n  <!DOCTYPE html>\n<html><head><title>Cisco Login</title></head><body>Sign in</body></html>\n');
    const c = await inspectBoxFile(html);
    expect(c.format).toBe('html');
    expect(c.problem).toMatchObject({ code: 'BOX_FILE_IS_HTML' });
    expect(c.problem!.message).toContain('"Cisco Login"');
    expect(c.problem!.fix).toContain('1.8 GB');
  });

  it('an HTML page without a doctype, a JSON error and plain text are not boxes either', async () => {
    expect((await inspectBoxFile(write('a.box', '<head><meta charset="utf-8"></head><body>403 Forbidden</body>'))).problem?.code).toBe('BOX_FILE_IS_HTML');
    expect((await inspectBoxFile(write('b.box', '{"errors":["unauthorized"]}'))).problem?.code).toBe('BOX_FILE_NOT_A_BOX');
    expect((await inspectBoxFile(write('c.box', 'Access denied\n'))).problem?.code).toBe('BOX_FILE_NOT_A_BOX');
  });

  it('accepts tar and gzip archives, warning when far smaller than IOS-XRv', async () => {
    const tar = Buffer.alloc(1024);
    tar.write('metadata.json', 0);
    tar.write('ustar', 257, 'latin1');
    const c = await inspectBoxFile(write('small.box', tar));
    expect(c).toMatchObject({ format: 'tar', problem: null, size: 1024 });
    expect(c.warning).toContain('1.8 GB');
    expect((await inspectBoxFile(write('z.box', Buffer.from([0x1f, 0x8b, 8, 0, 0, 0])))).format).toBe('gzip');
    expect((await inspectBoxFile(write('m.json', '{"name":"IOS-XRv","versions":[]}'))).problem).toBeNull();
  });

  it('a missing file is NOT_FOUND', async () => {
    await expect(inspectBoxFile(path.join(dir, 'nope.box'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('box add failures (recorded)', () => {
  it('what vagrant says about an HTML page, a truncated box, a box already added', () => {
    expect(recognizeVagrantFailure(loadOutput('vagrant-box-add.html-page'))?.code).toBe('BOX_FILE_CORRUPT');
    expect(recognizeVagrantFailure(loadOutput('vagrant-box-add.truncated-tar'))?.code).toBe('BOX_FILE_CORRUPT');
    expect(recognizeVagrantFailure(loadOutput('vagrant-box-add.already-added'))?.code).toBe('BOX_ALREADY_ADDED');
  });
});

describe('lastBoxAddProgress', () => {
  it('reads the latest carriage-return progress update of vagrant box add', () => {
    // Recorded: the only update a small local box gets.
    expect(lastBoxAddProgress(loadOutput('vagrant-box-add.html-page', { pty: true }))).toEqual({ percent: 0, rate: '0/s', remaining: '--:--:--' });
    // A large box prints many updates on one line; the last one counts.
    const updates = '\u001b[K\rProgress: 12% (Rate: 97.1M/s, Estimated time remaining: 0:00:16)\u001b[K\rProgress: 42% (Rate: 118M/s, Estimated time remaining: 0:00:12)';
    expect(lastBoxAddProgress(updates)).toEqual({ percent: 42, rate: '118M/s', remaining: '0:00:12' });
    expect(lastBoxAddProgress('==> box: Adding box')).toBeNull();
  });
});

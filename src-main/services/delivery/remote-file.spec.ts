import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseSha256sum, remoteCommands, remotePathFor, scpEquivalent } from './remote-file';

const HOSTILE = `it's a "tar"; touch pwned $(id).tar`;

describe('remote file commands', () => {
  it('a hostile name stays one argument: the shell hands it to the command unchanged', () => {
    const path = remotePathFor('/misc/app_host/scratch', `/home/me/${HOSTILE}`);
    expect(path).toBe(`/misc/app_host/scratch/${HOSTILE}`);
    // printf '%s\n' prints each argument it got on its own line.
    const cmd = remoteCommands.import(path, 'xrcl/app:1').replace(/^docker import/, "printf '%s\\n'");
    expect(execFileSync('sh', ['-c', cmd], { encoding: 'utf8' })).toBe(`${path}\nxrcl/app:1\n`);
    expect(execFileSync('sh', ['-c', remoteCommands.sha256(path).replace(/^sha256sum/, "printf '%s\\n'")], { encoding: 'utf8' })).toBe(`${path}\n`);
  });

  it('reads sha256sum output and shows the copy as scp', () => {
    expect(parseSha256sum(`${'a'.repeat(64)}  /misc/app_host/x.tar\n`)).toBe('a'.repeat(64));
    expect(parseSha256sum('sha256sum: x: No such file or directory')).toBeNull();
    expect(scpEquivalent('/tmp/my app.tar', 'vagrant', '198.18.0.5', 57722, '/misc/app_host/scratch/my app.tar')).toBe(
      "scp -P 57722 '/tmp/my app.tar' 'vagrant@198.18.0.5:/misc/app_host/scratch/my app.tar'",
    );
  });
});

import { describe, expect, it } from 'vitest';
import { checkContainerName, checkedRunCommand, parseMount, renderRun, runSpecProblems } from './run-spec';
import { splitCommand } from '../transport/split-command';

describe('run spec', () => {
  it('renders the tutorial\'s docker run by default: global-vrf mounted and SYS_ADMIN', () => {
    expect(renderRun({ image: 'ubuntu:16.04', name: 'ubuntu', command: ['bash'] })).toBe(
      'docker run -itd --name ubuntu -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add SYS_ADMIN ubuntu:16.04 bash',
    );
  });

  it('quotes every argument so the line means exactly the argv, whatever the command holds', () => {
    const spec = { image: 'xrcl/web:1', name: 'web', command: ['sh', '-c', `echo "it's $HOME"; touch /tmp/x`], vrfs: ['global-vrf', 'blue'], capabilities: ['SYS_ADMIN' as const, 'NET_ADMIN' as const], restart: 'unless-stopped' as const, memory: '512M', cpus: 0.5, mounts: [{ source: '/misc/app_host/www', destination: '/www', readOnly: true }] };
    const line = checkedRunCommand(spec, 'ncs5500');
    expect(line).toContain(`'echo "it'\\''s $HOME"; touch /tmp/x'`);
    expect(line).toContain('--restart unless-stopped --memory 512m --cpus 0.5 -v /misc/app_host/www:/www:ro xrcl/web:1');
    expect(line).toContain('-v /var/run/netns/blue:/var/run/netns/blue --cap-add SYS_ADMIN --cap-add NET_ADMIN');
    expect(splitCommand(line).slice(-3)).toEqual(spec.command);
  });

  it('rejects a name with shell characters, naming them, and a name docker would refuse', () => {
    expect(() => checkContainerName('web;reboot')).toThrow(/shell characters \(;\)/);
    expect(() => checkContainerName('$(id)')).toThrow(/\$ \( \)/);
    expect(() => checkContainerName('a b')).toThrow(/white space/);
    expect(() => checkContainerName('-web')).toThrow(/\[a-zA-Z0-9\]/);
    expect(() => checkContainerName('w')).toThrow();
    expect(checkContainerName('web_1.a-b')).toBe('web_1.a-b');
  });

  it('applies the platform\'s memory cap and bind-mount rule', () => {
    const base = { image: 'busybox', name: 'web' };
    expect(runSpecProblems({ ...base, memory: '2g' }, 'ncs5500')).toEqual([expect.objectContaining({ field: 'memory', message: expect.stringMatching(/cap of 1g/) })]);
    expect(runSpecProblems({ ...base, memory: '2g' }, 'asr9k')).toEqual([]);
    expect(runSpecProblems({ ...base, memory: 'lots' }, 'asr9k')[0]?.field).toBe('memory');
    const home = { ...base, mounts: [{ source: '/home/cisco/data', destination: '/data' }] };
    expect(runSpecProblems(home, 'vagrant')[0]?.message).toMatch(/only \/misc\/app_host/);
    expect(runSpecProblems(home, 'ncs5500')[0]?.field).toBe('mounts');
    expect(runSpecProblems(home, 'asr9k')).toEqual([]);
    expect(runSpecProblems({ ...base, mounts: [{ source: '/misc/app_host/../etc', destination: '/x' }] }, 'asr9k')[0]?.field).toBe('mounts');
    expect(runSpecProblems({ ...base, mounts: [{ source: '/misc/app_hostile', destination: '/x' }] }, 'vagrant')[0]?.field).toBe('mounts');
  });

  it('refuses a spec with problems without rendering it, and checks image names and VRFs', () => {
    expect(() => checkedRunCommand({ image: 'Bad Image', name: 'x;y' }, 'vagrant')).toThrow(/not a valid image name.*shell characters/);
    expect(runSpecProblems({ image: 'sha256:' + 'a'.repeat(64), name: 'ok', vrfs: ['../etc'] }, 'vagrant').map((p) => p.field)).toEqual(['vrfs']);
    expect(runSpecProblems({ image: 'busybox', name: 'ok', cpus: 0 }, 'vagrant').map((p) => p.field)).toEqual(['cpus']);
  });

  it('reads SRC:DEST[:ro] mounts', () => {
    expect(parseMount('/misc/app_host/a:/a:ro')).toEqual({ source: '/misc/app_host/a', destination: '/a', readOnly: true });
    expect(() => parseMount('/a')).toThrow(/SRC:DEST/);
    expect(() => parseMount('/a:/b:rw')).toThrow();
  });
});

import { describe, expect, it } from 'vitest';
import type { CommandRecord } from '../transport/command-recorder';
import { changedFiles } from './changed-files';
import { runbookMarkdown } from './runbook-markdown';

const rec = (r: Partial<CommandRecord>): CommandRecord => ({ place: 'XR shell', target: 'vagrant@198.18.0.2:57722', command: 'true', exitStatus: 0, outputTail: '', startedAt: '2026-01-01T00:00:00.000Z', durationMs: 1, ...r });

describe('runbook markdown', () => {
  it('groups commands by where they ran, says how to get there, keeps order, trims output and hides secrets', () => {
    const md = runbookMarkdown(
      [
        rec({ place: 'XR CLI', target: 'root@198.18.0.5:22', command: 'show running-config ssh' }),
        rec({ asRoot: true, command: "echo 'DOCKER_OPTS=\" --insecure-registry 198.18.0.9:5000\"' >> /etc/sysconfig/docker" }),
        rec({ asRoot: true, command: 'docker run -itd --name web busybox', outputTail: Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') }),
        rec({ asRoot: true, command: 'docker login -p s3cret x', exitStatus: 1, outputTail: 'denied s3cret' }),
        rec({ place: 'this computer', target: 'this computer', command: 'docker save -o app.tar app:1' }),
      ],
      { secrets: ['s3cret'], now: new Date('2026-01-02T00:00:00Z') },
    );
    const sections = md.split('\n').filter((l) => l.startsWith('## '));
    expect(sections).toEqual(['## 1. In the XR CLI: root@198.18.0.5:22', '## 2. In the XR shell: vagrant@198.18.0.2:57722 (root)', '## 3. On this computer']);
    expect(md).toContain('`ssh -p 22 root@198.18.0.5`');
    expect(md).toContain('`ssh -p 57722 vagrant@198.18.0.2`, then `sudo -i`');
    expect(md.indexOf('show running-config ssh')).toBeLessThan(md.indexOf('docker run -itd'));
    expect(md).toContain('Files changed: `/etc/sysconfig/docker`');
    expect(md).toContain('Files changed: `app.tar`');
    expect(md).toContain('… (12 more lines before)');
    expect(md).toContain('line 19');
    expect(md).not.toContain('line 11\n');
    expect(md).toContain('Output (exit status 1)');
    expect(md).not.toContain('s3cret');
    expect(md).toContain('docker login -p <password> x');
  });

  it('fences a command holding backticks with a longer fence', () => {
    const md = runbookMarkdown([rec({ command: 'echo ```x```' })]);
    expect(md).toContain('````sh\necho ```x```\n````');
  });

  it('says so when nothing ran', () => {
    expect(runbookMarkdown([])).toMatch(/No commands were run/);
  });
});

describe('changed files', () => {
  it('reads redirections, tee, sed -i, cp and mkdir; not /dev/null or 2>&1', () => {
    expect(changedFiles('sed -i s/a/b/ /etc/sudoers')).toEqual(['/etc/sudoers']);
    expect(changedFiles('printf x | tee /etc/netns/global-vrf/hosts >/dev/null 2>&1')).toEqual(['/etc/netns/global-vrf/hosts']);
    expect(changedFiles('mkdir -p /etc/docker/certs.d/devbox.com:5000 && cp ca.crt /etc/docker/certs.d/devbox.com:5000/ca.crt')).toEqual([
      '/etc/docker/certs.d/devbox.com:5000',
      '/etc/docker/certs.d/devbox.com:5000/ca.crt',
    ]);
    expect(changedFiles('docker ps -a')).toEqual([]);
  });
});

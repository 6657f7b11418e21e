import { describe, expect, it } from 'vitest';
import { emptyBuildFields, formatBytes, parseCommand, toBuildRequest } from './image-form-model';

describe('the builder form', () => {
  it('turns filled fields into a build request', () => {
    const f = {
      ...emptyBuildFields(),
      base: ' /tmp/base.tar ',
      added: [{ source: "/tmp/it's; a file.txt", dest: '/srv/hello.txt' }, { source: '', dest: '' }],
      tag: 'xrcl/app:1',
      env: 'GREETING=hi there\n\nMODE=a=b\n',
      cmd: '["/bin/sh","-c","cat /srv/hello.txt"]',
      entrypoint: '',
      workdir: '/srv',
      labels: 'team=net',
      gzip: true,
      output: '/tmp/app.tar',
    };
    expect(toBuildRequest(f)).toEqual({
      errors: {},
      request: {
        output: '/tmp/app.tar',
        format: 'save',
        base: '/tmp/base.tar',
        add: ["/tmp/it's; a file.txt:/srv/hello.txt"],
        gzip: true,
        tags: ['xrcl/app:1'],
        env: ['GREETING=hi there', 'MODE=a=b'],
        cmd: ['/bin/sh', '-c', 'cat /srv/hello.txt'],
        workdir: '/srv',
        labels: { team: 'net' },
      },
    });
  });

  it('names each field that is wrong, and asks for no tag on a container tarball', () => {
    const { request, errors } = toBuildRequest({ ...emptyBuildFields(), env: 'NOVALUE', cmd: '["x", 1]', workdir: 'srv' });
    expect(request).toBeNull();
    expect(Object.keys(errors).sort()).toEqual(['base', 'cmd', 'env', 'output', 'tag', 'workdir']);
    const exp = toBuildRequest({ ...emptyBuildFields(), format: 'export', base: '/b.tar', output: '/o.tar' });
    expect(exp.request).toEqual({ output: '/o.tar', format: 'export', base: '/b.tar' });
  });

  it('reads commands as JSON or words, and sizes in decimal units', () => {
    expect(parseCommand('cat /srv/hello.txt')).toEqual(['cat', '/srv/hello.txt']);
    expect(parseCommand('[]')).toBeNull();
    expect(parseCommand('')).toEqual([]);
    expect(formatBytes(2_123_776)).toBe('2.1 MB');
    expect(formatBytes(512)).toBe('512 B');
  });
});

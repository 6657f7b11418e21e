import { describe, expect, it } from 'vitest';
import { replaceFileCommand } from './router-file';

describe('replacing a file on the router', () => {
  it('keeps a backup, writes a copy with the same owner and mode, then renames it over the file', () => {
    expect(replaceFileCommand('/etc/sysconfig/docker', { backup: true })).toBe(
      '({ [ ! -e /etc/sysconfig/docker ] || cp -p /etc/sysconfig/docker /etc/sysconfig/docker.xrcl-backup; } && ' +
        '{ [ ! -e /etc/sysconfig/docker ] || cp -p /etc/sysconfig/docker /etc/sysconfig/docker.xrcl-new; } && ' +
        'cat > /etc/sysconfig/docker.xrcl-new && mv -f /etc/sysconfig/docker.xrcl-new /etc/sysconfig/docker)',
    );
  });

  it('quotes a path the shell could misread', () => {
    const cmd = replaceFileCommand("/tmp/a b'$(x)", { backup: false });
    expect(cmd).toContain(`'/tmp/a b'\\''$(x)'`);
    expect(cmd).not.toContain('xrcl-backup');
  });
});

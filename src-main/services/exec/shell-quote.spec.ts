import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { formatCommand, quoteArg, quoteWindowsArgv, shellStyleFor } from './shell-quote';

const HOSTILE = [
  '',
  'plain',
  'two words',
  "it's",
  '"double"',
  '$(touch /tmp/pwned)',
  '`id`',
  'a; rm -rf ~',
  'line1\nline2',
  'tab\there',
  '~root',
  '=ls',
  '*.box',
  'back\\slash\\',
  'ünïcödé ✓',
  "mixed '\"$HOME\" & | > <",
  '{{json .}}',
  '!history',
];

// Evaluate the display form with a real shell and read back the argv it produced.
function argvThroughShell(shell: string, line: string): string[] {
  const out = execFileSync(shell, ['-c', `${line}`], { encoding: 'utf8' });
  return out.split('\0').slice(0, -1);
}

describe('quoteArg posix', () => {
  it('leaves plain words alone, so common commands read naturally', () => {
    expect(formatCommand('vagrant', ['box', 'add', '--name', 'IOS-XRv', '/home/jo/iosxrv-fullk9-x64.box'])).toBe(
      'vagrant box add --name IOS-XRv /home/jo/iosxrv-fullk9-x64.box',
    );
    expect(formatCommand('docker', ['version', '--format', '{{json .}}'])).toBe("docker version --format '{{json .}}'");
  });

  it('quotes the empty string and single quotes', () => {
    expect(quoteArg('')).toBe("''");
    expect(quoteArg("it's")).toBe("'it'\\''s'");
  });

  for (const shell of ['/bin/sh', '/bin/bash']) {
    it(`round-trips hostile strings through ${shell} as literal words`, () => {
      const line = formatCommand('printf', ['%s\\0', ...HOSTILE]);
      expect(argvThroughShell(shell, line)).toEqual(HOSTILE);
    });
  }
});

describe('quoteArg powershell', () => {
  it('single-quotes and doubles every kind of single quote', () => {
    expect(quoteArg("it's", 'powershell')).toBe("'it''s'");
    expect(quoteArg('a\u2019b', 'powershell')).toBe("'a\u2019\u2019b'");
    expect(quoteArg('$(Get-Process)', 'powershell')).toBe("'$(Get-Process)'");
    expect(quoteArg('', 'powershell')).toBe("''");
  });

  it('keeps plain words and switches bare, quotes numbers-looking words and --%', () => {
    expect(formatCommand('vagrant', ['--version'], 'powershell')).toBe('vagrant --version');
    expect(quoteArg('-NoProfile', 'powershell')).toBe('-NoProfile');
    expect(quoteArg('0x10', 'powershell')).toBe("'0x10'");
    expect(quoteArg('--%', 'powershell')).toBe("'--%'");
    expect(quoteArg('a,b', 'powershell')).toBe("'a,b'");
  });

  it('prefixes a quoted program with the call operator', () => {
    expect(formatCommand('C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe', ['--version'], 'powershell')).toBe(
      "& 'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe' --version",
    );
  });
});

describe('quoteArg cmd', () => {
  it('double-quotes paths with spaces', () => {
    expect(quoteArg('C:\\Users\\Jo Doe\\iosxrv.box', 'cmd')).toBe('"C:\\Users\\Jo Doe\\iosxrv.box"');
    expect(quoteArg('a&b', 'cmd')).toBe('"a&b"');
    expect(quoteArg('', 'cmd')).toBe('""');
  });

  it('caret-escapes text that cmd would expand even inside quotes', () => {
    expect(quoteArg('%PATH%', 'cmd')).toBe('^"^%PATH^%^"');
    expect(quoteArg('say "hi" & exit', 'cmd')).toBe('^"say \\^"hi\\^" ^& exit^"');
  });
});

describe('quoteWindowsArgv', () => {
  it('follows the C runtime backslash rules', () => {
    expect(quoteWindowsArgv('plain')).toBe('plain');
    expect(quoteWindowsArgv('a b')).toBe('"a b"');
    expect(quoteWindowsArgv('a"b')).toBe('"a\\"b"');
    expect(quoteWindowsArgv('dir\\ with\\')).toBe('"dir\\ with\\\\"');
    expect(quoteWindowsArgv('x\\"y')).toBe('"x\\\\\\"y"');
  });
});

describe('shellStyleFor', () => {
  it('uses PowerShell on Windows and POSIX elsewhere', () => {
    expect(shellStyleFor('win32')).toBe('powershell');
    expect(shellStyleFor('darwin')).toBe('posix');
    expect(shellStyleFor('linux')).toBe('posix');
  });
});

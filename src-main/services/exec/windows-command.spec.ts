import { describe, expect, it } from 'vitest';
import { envValue, planWindowsSpawn, resolveWindowsExecutable } from './windows-command';

const env = {
  Path: 'C:\\Windows\\system32;"C:\\HashiCorp\\Vagrant\\bin";C:\\Users\\jo\\AppData\\Roaming\\npm',
  PATHEXT: '.COM;.EXE;.BAT;.CMD',
  ComSpec: 'C:\\Windows\\system32\\cmd.exe',
};
const files = new Set([
  'C:\\HashiCorp\\Vagrant\\bin\\vagrant.exe',
  'C:\\Users\\jo\\AppData\\Roaming\\npm\\xrtool.cmd',
  'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe',
  'C:\\work\\vagrant.bat',
]);
const isFile = (p: string): boolean => files.has(p);

describe('resolveWindowsExecutable', () => {
  it('finds a program on PATH with PATHEXT, reading env names case-insensitively', () => {
    expect(envValue(env, 'PATH')).toBe(env.Path);
    expect(resolveWindowsExecutable('vagrant', env, isFile)).toBe('C:\\HashiCorp\\Vagrant\\bin\\vagrant.exe');
    expect(resolveWindowsExecutable('xrtool', env, isFile)).toBe('C:\\Users\\jo\\AppData\\Roaming\\npm\\xrtool.cmd');
  });

  it('takes a full path as given, trying extensions when it has none', () => {
    expect(resolveWindowsExecutable('C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage', env, isFile)).toBe(
      'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe',
    );
    expect(resolveWindowsExecutable('C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe', env, isFile)).toBe(
      'C:\\Program Files\\Oracle\\VirtualBox\\VBoxManage.exe',
    );
  });

  it('does not search the current folder, and says null when absent', () => {
    expect(resolveWindowsExecutable('docker', env, isFile)).toBeNull();
  });
});

describe('planWindowsSpawn', () => {
  it('starts an .exe directly, letting Node quote argv', () => {
    const r = planWindowsSpawn('vagrant', ['box', 'list'], env, isFile);
    expect(r).toEqual({
      ok: true,
      resolved: 'C:\\HashiCorp\\Vagrant\\bin\\vagrant.exe',
      plan: { file: 'C:\\HashiCorp\\Vagrant\\bin\\vagrant.exe', args: ['box', 'list'], windowsVerbatimArguments: false },
    });
  });

  it('starts a .cmd shim through cmd.exe with every metacharacter escaped twice', () => {
    const r = planWindowsSpawn('xrtool', ['box', 'a&b c'], env, isFile);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.plan.file).toBe('C:\\Windows\\system32\\cmd.exe');
    expect(r.plan.windowsVerbatimArguments).toBe(true);
    expect(r.plan.args.slice(0, 3)).toEqual(['/d', '/s', '/c']);
    expect(r.plan.args[3]).toBe(
      '"C:\\Users\\jo\\AppData\\Roaming\\npm\\xrtool.cmd ^^^"box^^^" ^^^"a^^^&b^^^ c^^^""',
    );
  });

  it('refuses arguments a batch file cannot receive literally', () => {
    for (const bad of ['%PATH%', '!x!', 'say "hi"', 'two\nlines']) {
      const r = planWindowsSpawn('xrtool', [bad], env, isFile);
      expect(r).toMatchObject({ ok: false, notFound: false });
    }
  });

  it('reports a missing program as not found', () => {
    expect(planWindowsSpawn('docker', ['version'], env, isFile)).toMatchObject({ ok: false, notFound: true });
  });
});

// xrcl run as a process, as a script would: one JSON object on stdout, exit statuses 0/1/2,
// passwords only from stdin and never in plain text on disk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runXrcl } from '../../support/xrcl-process';

const home = mkdtempSync(join(tmpdir(), 'xrcl-targets-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

const xrcl = (args: string[], stdin?: string) => runXrcl(home, args, stdin);

const PASSWORD = `p@ss 'w"0rd;$(touch /tmp/pwned)`;

describe('xrcl target', () => {
  it('adds a router with the password from stdin, lists it as JSON, and keeps the password sealed', async () => {
    const add = await xrcl(['target', 'add', 'ncs5508', '--platform', 'ncs5500', '--host', '198.18.0.10', '--user', 'root', '--password-stdin', '--json'], `${PASSWORD}\n`);
    expect(add.status, add.stderr).toBe(0);
    expect(JSON.parse(add.stdout).target).toMatchObject({ name: 'ncs5508', cliPort: 22, shellPort: 57722, cli: { user: 'root', hasPassword: true } });

    const list = await xrcl(['target', 'list', '--json']);
    expect(list.status).toBe(0);
    const { targets } = JSON.parse(list.stdout) as { targets: { name: string }[] };
    expect(targets.map((t) => t.name)).toEqual(['ncs5508']);
    expect(readFileSync(join(home, 'config.json'), 'utf8')).not.toContain('w"0rd');
  });

  it('prints a table for people', async () => {
    const list = await xrcl(['target', 'list']);
    expect(list.stdout).toMatch(/^NAME\s+PLATFORM\s+HOST/m);
    expect(list.stdout).toMatch(/^ncs5508\s+ncs5500\s+198\.18\.0\.10\s+22 \(root\)\s+57722 \(onboard first\)/m);
  });

  it('refuses a hostile name with exit 1 and a JSON error that says what to do', async () => {
    const r = await xrcl(['target', 'add', 'r1;reboot', '--platform', 'asr9k', '--host', '198.18.0.11', '--user', 'root', '--json']);
    expect(r.status).toBe(1);
    const { error } = JSON.parse(r.stdout) as { error: { message: string; fix: string; code: string } };
    expect(error).toMatchObject({ code: 'BAD_INPUT' });
    expect(error.message).toContain('cannot be a target name');
    expect(error.fix).toMatch(/letters, digits/);
  });

  it('exits 2 on a usage error, and never takes a password as an argument', async () => {
    expect((await xrcl(['target', 'add', 'x', '--platform', 'nexus', '--host', 'h', '--user', 'u'])).status).toBe(2);
    const pw = await xrcl(['target', 'add', 'x', '--platform', 'asr9k', '--host', 'h', '--user', 'u', '--password', 'secret']);
    expect(pw.status).toBe(2);
    expect(pw.stderr).toMatch(/Unknown option '--password'/);
    expect((await xrcl(['frobnicate'])).status).toBe(2);
  });

  it('removes a target and its password', async () => {
    const r = await xrcl(['target', 'remove', 'ncs5508', '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse((await xrcl(['target', 'list', '--json'])).stdout)).toEqual({ targets: [] });
    expect(JSON.parse(readFileSync(join(home, 'config.json'), 'utf8')).secrets).toEqual({});
    const again = await xrcl(['target', 'remove', 'ncs5508']);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no target named "ncs5508"/);
  });
});

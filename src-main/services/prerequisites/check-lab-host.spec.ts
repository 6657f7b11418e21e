import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { labHostCheck } from './check-lab-host';

describe('practice lab host', () => {
  it('passes on Linux with sudo, showing the command that starts the lab (recorded on Debian 12)', () => {
    const v = labHostCheck.interpret({ platform: 'linux', uid: 1000, sudo: fixtureOutcome('sudo-version.linux-debian12.sudo-1.9') }, 'linux');
    expect(v).toMatchObject({ status: 'pass', value: 'Linux, Sudo version 1.9.13p3' });
    expect(v.message).toContain('`sudo npm run lab -- up --platform ncs5500`');
  });

  it('passes as root without sudo', () => {
    expect(labHostCheck.interpret({ platform: 'linux', uid: 0, sudo: null }, 'linux')).toMatchObject({ status: 'pass', value: 'Linux, running as root' });
  });

  it('fails on Linux without sudo, and on macOS and Windows', () => {
    const noSudo = { command: 'sudo --version', exitCode: null, stdout: '', stderr: '', notFound: true, timedOut: false };
    expect(labHostCheck.interpret({ platform: 'linux', uid: 1000, sudo: noSudo }, 'linux')).toMatchObject({ status: 'fail', value: 'Linux, no sudo' });
    const mac = labHostCheck.interpret({ platform: 'darwin', uid: 501, sudo: null }, 'darwin');
    expect(mac).toMatchObject({ status: 'fail', value: 'macOS, not Linux' });
    expect(mac.fix).toMatch(/another router path/);
  });
});

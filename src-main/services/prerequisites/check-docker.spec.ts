import { describe, expect, it } from 'vitest';
import { fixtureOutcome } from './fixtures/load-fixture';
import { dockerCheck, parseDockerVersionLine } from './check-docker';
import type { CommandOutcome } from './prereq-types';

describe('docker version --format (one-line template)', () => {
  it('passes on the recorded output with the engine running', () => {
    const v = dockerCheck.interpret(fixtureOutcome('docker-version.linux-debian12.client-28.2.2.engine-20.10.24'), 'linux');
    expect(v).toMatchObject({ status: 'pass', value: 'Docker 28.2.2 (engine 20.10.24+dfsg1)' });
  });

  it('warns with the start fix when the daemon is not running (recorded)', () => {
    const v = dockerCheck.interpret(fixtureOutcome('docker-version.linux-debian12.client-28.2.2.daemon-unreachable'), 'linux');
    expect(v).toMatchObject({ status: 'warn', value: 'Docker 28.2.2 client, engine unreachable' });
    expect(v.message).toMatch(/not running: Cannot connect to the Docker daemon/);
    expect(v.fix).toContain('sudo systemctl start docker');
  });

  it('tells a socket permission problem apart (recorded)', () => {
    const v = dockerCheck.interpret(fixtureOutcome('docker-version.linux-debian12.client-28.2.2.permission-denied'), 'linux');
    expect(v.status).toBe('warn');
    expect(v.message).toMatch(/not allowed/);
    expect(v.fix).toContain('sudo usermod -aG docker $USER');
  });

  it('says to start Docker Desktop on macOS and Windows', () => {
    const mac = dockerCheck.interpret(fixtureOutcome('docker-version.darwin.docker-desktop-28.5.1.daemon-unreachable'), 'darwin');
    expect(mac).toMatchObject({ status: 'warn', value: 'Docker 28.5.1 client, engine unreachable' });
    expect(mac.fix).toContain('open -a Docker');
    const win = dockerCheck.interpret(fixtureOutcome('docker-version.win32.docker-desktop-28.5.1.daemon-unreachable'), 'win32');
    expect(win.message).toMatch(/not running: error during connect/);
    expect(win.fix).toContain('Start Docker Desktop');
  });

  it('fails with the install fix when missing (the catalog makes it advised where it is optional)', () => {
    const o: CommandOutcome = { command: 'docker version', exitCode: null, stdout: '', stderr: '', notFound: true, timedOut: false };
    expect(dockerCheck.interpret(o, 'linux')).toMatchObject({ status: 'fail', value: 'not found' });
    expect(dockerCheck.interpret(o, 'linux').fix).toContain('sudo apt install docker.io');
    expect(dockerCheck.interpret(o, 'darwin').fix).toContain('brew install --cask docker');
    expect(dockerCheck.interpret(o, 'win32').fix).toContain('winget install Docker.DockerDesktop');
  });
});

describe('parseDockerVersionLine', () => {
  it('reads both sides, or only the client when the engine is unreachable', () => {
    expect(parseDockerVersionLine('client 28.2.2 linux/amd64; engine 20.10.24+dfsg1 linux/amd64\n')).toEqual({
      client: { version: '28.2.2', os: 'linux', arch: 'amd64' },
      server: { version: '20.10.24+dfsg1', os: 'linux', arch: 'amd64' },
    });
    expect(parseDockerVersionLine('client 28.5.1 windows/amd64\r\n')).toEqual({ client: { version: '28.5.1', os: 'windows', arch: 'amd64' } });
    expect(parseDockerVersionLine('')).toEqual({});
  });

  it('warns about Windows containers mode', () => {
    const o: CommandOutcome = { command: 'docker version', exitCode: 0, stdout: 'client 28.5.1 windows/amd64; engine 28.5.1 windows/amd64\r\n', stderr: '', notFound: false, timedOut: false };
    expect(dockerCheck.interpret(o, 'win32')).toMatchObject({ status: 'warn', value: 'Docker 28.5.1 (engine 28.5.1), Windows containers' });
  });
});

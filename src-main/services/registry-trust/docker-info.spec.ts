import { describe, expect, it } from 'vitest';
import { insecureRegistriesFromInfo } from './docker-info';

describe('insecure registries in docker info', () => {
  it('reads the list of a running daemon (Docker 20.10 layout)', () => {
    const info = ' Registry: https://index.docker.io/v1/\n Labels:\n Experimental: false\n Insecure Registries:\n  198.18.0.1:40123\n  127.0.0.0/8\n Live Restore Enabled: false\n';
    expect(insecureRegistriesFromInfo(info)).toEqual(['198.18.0.1:40123', '127.0.0.0/8']);
  });

  it('is null when the daemon did not answer', () => {
    expect(insecureRegistriesFromInfo('Cannot connect to the Docker daemon at unix:///misc/app_host/docker.sock.')).toBeNull();
  });
});

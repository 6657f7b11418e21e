import { describe, expect, it } from 'vitest';
import { emptyRunFields, specOf, uptime } from './run-form-model';

describe('run form model', () => {
  it('makes the spec: the command split as a shell would, mounts one per line, defaults kept', () => {
    const { spec, problem } = specOf({ ...emptyRunFields(), image: 'ct/busybox:1', name: ' web ', command: `sh -c 'echo hi; sleep 5'`, mounts: '/misc/app_host/www:/www:ro\n', restart: 'always', cpus: '0.5' });
    expect(problem).toBeNull();
    expect(spec).toEqual({
      image: 'ct/busybox:1',
      name: 'web',
      command: ['sh', '-c', 'echo hi; sleep 5'],
      vrfs: ['global-vrf'],
      capabilities: ['SYS_ADMIN'],
      restart: 'always',
      cpus: 0.5,
      mounts: [{ source: '/misc/app_host/www', destination: '/www', readOnly: true }],
    });
  });

  it('says what is wrong with an unquoted shell character, a bad mount or CPUs', () => {
    expect(specOf({ ...emptyRunFields(), command: 'echo a; reboot' }).problem).toMatch(/quotes/);
    expect(specOf({ ...emptyRunFields(), mounts: '/misc/app_host' }).problem).toMatch(/SRC:DEST/);
    expect(specOf({ ...emptyRunFields(), cpus: '-1' }).problem).toMatch(/CPUs/);
  });

  it('shows uptime in the largest sensible unit', () => {
    const now = Date.parse('2026-01-02T00:00:00Z');
    expect(uptime(null, now)).toBeNull();
    expect(uptime('2026-01-01T23:59:30Z', now)).toBe('30 s');
    expect(uptime('2026-01-01T22:30:00Z', now)).toBe('1 h 30 min');
    expect(uptime('2025-12-30T21:00:00Z', now)).toBe('2 d 3 h');
  });
});

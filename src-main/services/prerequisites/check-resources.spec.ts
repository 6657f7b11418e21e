import { describe, expect, it } from 'vitest';
import { osArchCheck } from './check-os-arch';
import { cpuCoresCheck, diskCheck, memoryCheck } from './check-resources';
import { gb } from './format-units';

describe('OS and CPU architecture', () => {
  it('passes on x86-64 Linux, macOS and Windows', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const v = osArchCheck.interpret({ platform, arch: 'x64', cpuModel: 'Intel(R) Core(TM) i7-8559U', osRelease: '1' }, platform);
      expect(v.status).toBe('pass');
    }
  });

  it('fails on Apple Silicon (it is only run for the IOS-XRv box), pointing to the physical router path', () => {
    const v = osArchCheck.interpret({ platform: 'darwin', arch: 'arm64', cpuModel: 'Apple M2', osRelease: '23.4.0' }, 'darwin');
    expect(v.status).toBe('fail');
    expect(v.value).toContain('Apple Silicon');
    expect(v.message).toMatch(/x86-64 only/);
    expect(v.fix).toMatch(/physical router path \(an NCS5500 or ASR9k/);
  });

  it('sees Apple Silicon under Rosetta by the CPU name', () => {
    const v = osArchCheck.interpret({ platform: 'darwin', arch: 'x64', cpuModel: 'Apple M1 Pro', osRelease: '23.4.0' }, 'darwin');
    expect(v.status).toBe('fail');
    expect(v.value).toContain('Rosetta');
  });

  it('fails on ARM Linux and Windows too', () => {
    expect(osArchCheck.interpret({ platform: 'win32', arch: 'arm64', cpuModel: 'Snapdragon X', osRelease: '10.0' }, 'win32').status).toBe('fail');
  });
});

describe('CPU cores', () => {
  it('fails under 2, warns on 2-3, passes from 4', () => {
    expect(cpuCoresCheck.interpret({ cores: 1 }, 'linux').status).toBe('fail');
    expect(cpuCoresCheck.interpret({ cores: 2 }, 'linux')).toMatchObject({ status: 'warn', value: '2 logical CPUs' });
    expect(cpuCoresCheck.interpret({ cores: 8 }, 'linux').status).toBe('pass');
  });
});

describe('memory', () => {
  it('fails when the router VM cannot fit at all', () => {
    expect(memoryCheck.interpret({ totalMemBytes: gb(4), freeMemBytes: gb(3) }, 'linux').status).toBe('fail');
  });

  it('warns when less than router + devbox is free', () => {
    const v = memoryCheck.interpret({ totalMemBytes: gb(16), freeMemBytes: gb(4) }, 'linux');
    expect(v).toMatchObject({ status: 'warn', value: '4.0 GB free of 16.0 GB' });
    expect(v.message).toMatch(/5120 MB/);
  });

  it('does not trust macOS free memory, judging by the total', () => {
    expect(memoryCheck.interpret({ totalMemBytes: gb(16), freeMemBytes: gb(1) }, 'darwin').status).toBe('pass');
    expect(memoryCheck.interpret({ totalMemBytes: gb(7), freeMemBytes: gb(1) }, 'darwin').status).toBe('warn');
  });

  it('passes with room to spare', () => {
    expect(memoryCheck.interpret({ totalMemBytes: gb(16), freeMemBytes: gb(10) }, 'linux').status).toBe('pass');
  });
});

describe('free disk', () => {
  const dataDir = '/home/jo';
  it('fails under 5 GB, warns under 15 GB, passes above', () => {
    expect(diskCheck.interpret({ freeDiskBytes: gb(3), dataDir }, 'linux').status).toBe('fail');
    expect(diskCheck.interpret({ freeDiskBytes: gb(10), dataDir }, 'linux')).toMatchObject({ status: 'warn', value: '10.0 GB free (/home/jo)' });
    expect(diskCheck.interpret({ freeDiskBytes: gb(23.4), dataDir }, 'linux').value).toBe('23.4 GB free (/home/jo)');
    expect(diskCheck.interpret({ freeDiskBytes: gb(23.4), dataDir }, 'linux').status).toBe('pass');
  });

  it('warns when it cannot measure', () => {
    expect(diskCheck.interpret({ freeDiskBytes: null, dataDir }, 'linux')).toMatchObject({ status: 'warn', value: 'unknown' });
  });
});

import { describe, expect, it } from 'vitest';
import { parseDockerImages, parseDockerPs } from './docker-output-parsers';

describe('docker output parsers', () => {
  it('reads docker ps -a JSON lines, with the state from Status on old dockers', () => {
    const out = [
      '{"Command":"\\"sh\\"","ID":"28f5bf154e67","Image":"ct/busybox:1","Names":"web","State":"running","Status":"Up 3 minutes"}',
      'WARNING: something',
      '{"ID":"2efc07c2ce97","Image":"ubuntu","Names":"old,alias","Status":"Exited (0) 2 hours ago"}',
    ].join('\n');
    expect(parseDockerPs(out)).toEqual([
      { id: '28f5bf154e67', name: 'web', image: 'ct/busybox:1', state: 'running', status: 'Up 3 minutes', startedAt: null },
      { id: '2efc07c2ce97', name: 'old', image: 'ubuntu', state: 'exited', status: 'Exited (0) 2 hours ago', startedAt: null },
    ]);
  });

  it('reads docker images JSON lines; an untagged image is named by its id', () => {
    const out = '{"Repository":"ct/busybox","Tag":"1","ID":"efda30e3b763","Size":"1.98MB"}\n{"Repository":"<none>","Tag":"<none>","ID":"0123456789ab","Size":"5MB"}\n';
    expect(parseDockerImages(out)).toEqual([
      { reference: 'ct/busybox:1', id: 'efda30e3b763', size: '1.98MB' },
      { reference: '0123456789ab', id: '0123456789ab', size: '5MB' },
    ]);
  });
});

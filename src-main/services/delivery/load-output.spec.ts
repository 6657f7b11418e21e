import { describe, expect, it } from 'vitest';
import { parseImportOutput, parseLoadOutput, parseRepoTags } from './load-output';

const ID = `sha256:${'ab'.repeat(32)}`;

describe('docker load and import output', () => {
  it('reads every tag a load gave, after the progress lines', () => {
    const out = 'Loading layer  1.5MB/1.5MB\r\nLoaded image: xrcl/app:1\nLoaded image: registry:5000/xrcl/app:latest\n';
    expect(parseLoadOutput(out)).toEqual({ tags: ['xrcl/app:1', 'registry:5000/xrcl/app:latest'], imageId: null });
  });

  it('reads the result after the progress bars a terminal gets', () => {
    const out = '\x1b[1A\x1b[2K\rab12: Loading layer [=====>]  2.1MB/2.1MB\x1b[1B\rLoaded image: dl/app:1\r\n';
    expect(parseLoadOutput(out).tags).toEqual(['dl/app:1']);
  });

  it('says when a load left the image untagged', () => {
    expect(parseLoadOutput(`Loaded image ID: ${ID}\n`)).toEqual({ tags: [], imageId: ID });
  });

  it('reads the ID an import printed, and the names an inspect lists', () => {
    expect(parseImportOutput(`${ID}\n`)).toBe(ID);
    expect(parseImportOutput('Error response from daemon: bad\n')).toBeNull();
    expect(parseRepoTags('["xrcl/c:latest"]\n')).toEqual(['xrcl/c:latest']);
    expect(parseRepoTags('[]')).toEqual([]);
    expect(parseRepoTags('no json')).toEqual([]);
  });
});

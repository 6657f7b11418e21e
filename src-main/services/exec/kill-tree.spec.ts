import { describe, expect, it } from 'vitest';
import { taskkillPath } from './kill-tree';

describe('taskkillPath', () => {
  it('names taskkill by its full path under the system root, never by a PATH lookup', () => {
    expect(taskkillPath({ SystemRoot: 'D:\\Windows' })).toBe('D:\\Windows\\System32\\taskkill.exe');
    expect(taskkillPath({ SYSTEMROOT: 'C:\\WINDOWS' })).toBe('C:\\WINDOWS\\System32\\taskkill.exe');
  });

  it('falls back to C:\\Windows when the system root is missing or not an absolute path', () => {
    expect(taskkillPath({})).toBe('C:\\Windows\\System32\\taskkill.exe');
    expect(taskkillPath({ SystemRoot: 'relative\\dir' })).toBe('C:\\Windows\\System32\\taskkill.exe');
  });
});

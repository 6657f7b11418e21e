import { describe, expect, it } from 'vitest';
import { containerNameFor } from './container-steps';

describe('the Guide container step', () => {
  it('names the container after the image, in docker\'s grammar', () => {
    expect(containerNameFor('198.18.0.1:5000/xrcl/app:1')).toBe('app');
    expect(containerNameFor('ubuntu')).toBe('ubuntu');
    expect(containerNameFor('registry.example.com/team/_odd+name:v2')).toBe('odd-name');
    expect(containerNameFor('x')).toBe('xr-app');
  });
});

import { describe, expect, it } from 'vitest';
import { layersOnRouter, parseRouterLayers } from './router-layers';

const d = (c: string): string => `sha256:${c.repeat(64)}`;

describe('router layers', () => {
  it('reads one layer list per image, ignoring other lines', () => {
    const out = `[${JSON.stringify(d('a'))},${JSON.stringify(d('b'))}]\n[${JSON.stringify(d('c'))}]\nWARNING: something\n`;
    expect(parseRouterLayers(out)).toEqual([[d('a'), d('b')], [d('c')]]);
    expect(parseRouterLayers('')).toEqual([]);
  });

  it('counts only the bottom run of layers some router image has in the same order', () => {
    const router = [[d('a'), d('b')], [d('c')]];
    expect(layersOnRouter([d('a'), d('b'), d('e')], router)).toBe(2);
    expect(layersOnRouter([d('a'), d('e')], router)).toBe(1);
    // The router knows 'c', but not with 'a' under it: Docker would need its file.
    expect(layersOnRouter([d('a'), d('c')], [[d('c')]])).toBe(0);
    expect(layersOnRouter([d('a')], [])).toBe(0);
  });
});

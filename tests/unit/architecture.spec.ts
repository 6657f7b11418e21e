import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { contract, eventChannel, methodChannel, methodNames, eventNames } from '../../src-shared/contract';

const root = join(import.meta.dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.(ts|svelte)$/.test(name) ? [path] : [];
  });
}

describe('architecture', () => {
  it('only the thin Electron layer imports electron', () => {
    const offenders = sources(join(root, 'src-main'))
      .filter((f) => !relative(root, f).startsWith('src-main/electron/'))
      .filter((f) => /from\s+['"]electron['"]|require\(\s*['"]electron['"]\s*\)/.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('the renderer reaches the main side only through the bridge', () => {
    const offenders = sources(join(root, 'src-renderer')).filter((f) => /src-main\//.test(readFileSync(f, 'utf8')));
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });

  it('derives one distinct channel per contract name', () => {
    expect(methodNames.length).toBe(Object.keys(contract.methods).length);
    const channels = [...methodNames.map(methodChannel), ...eventNames.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
    expect(methodChannel('wizard.get')).toBe('xrcl:call:wizard.get');
  });
});

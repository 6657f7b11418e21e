import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleLayers, saveTarball } from '../../../tests/support/image-tarballs';
import { EventHub } from '../events/event-hub';
import { TaskManager } from '../tasks/task-manager';
import { buildImageTarball } from './image-builder';
import { taskByteProgress } from './task-progress';

describe('taskByteProgress', () => {
  it('shows a build on a real task: rising fractions, a byte detail line, done at the end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'xrcl-taskprog-'));
    try {
      const base = join(dir, 'base.tar');
      writeFileSync(base, await saveTarball(await sampleLayers(), ['xrcl/base:1']));
      writeFileSync(join(dir, 'big.bin'), Buffer.alloc(3_000_000, 7));
      const hub = new EventHub();
      const updates: Array<{ progress: number | null; detail: string }> = [];
      hub.subscribe((name, payload) => {
        if (name === 'task.updated') updates.push(payload as { progress: number | null; detail: string });
      });
      const tasks = new TaskManager(hub);
      const { done } = tasks.start({
        title: 'Build image tarball',
        kind: 'image-build',
        run: (ctx) => buildImageTarball({ output: join(dir, 'out.tar'), base, tags: ['xrcl/app:1'], add: [{ source: join(dir, 'big.bin'), dest: '/big.bin' }], onProgress: taskByteProgress(ctx) }),
      });
      await done;
      const running = updates.filter((u) => u.detail.startsWith('Written'));
      expect(running.length).toBeGreaterThan(3);
      expect(running.length).toBeLessThan(250);
      const fractions = running.map((u) => u.progress ?? 0);
      expect([...fractions].sort((a, b) => a - b)).toEqual(fractions);
      expect(running.at(-1)).toMatchObject({ progress: 1 });
      expect(running.at(-1)!.detail).toMatch(/^Written (\d+\.\d) of \1 MB$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { sampleLayers, saveTarball } from '../../../tests/support/image-tarballs';
import { readImageTarball } from '../images/image-tarball-reader';
import { planThin, writeThinTarball } from './thin-tarball';

const dir = mkdtempSync(join(tmpdir(), 'xrcl-thin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('thin tarballs', () => {
  for (const layout of ['legacy', 'blobs'] as const) {
    it(`${layout} layout: leaves out the bottom layers' files and keeps everything else as it was`, async () => {
      const file = join(dir, `${layout}.tar`);
      writeFileSync(file, await saveTarball(await sampleLayers(), ['xrcl/app:1'], layout));
      const index = await readImageTarball(file);
      const [bottom, top] = index.images[0]!.layers;
      const plan = planThin(index, 1);
      expect(plan).toMatchObject({ layersSkipped: 1, layersSent: 1, omittedBytes: bottom!.size });
      expect([...plan.omit]).toEqual([bottom!.path]);

      const thin = await writeThinTarball(file, plan, join(dir, `${layout}.thin.tar`));
      const after = await readImageTarball(join(dir, `${layout}.thin.tar`));
      expect(thin.bytes).toBeLessThan(index.fileBytes);
      // The manifest still lists both layers; only the bottom one's file is gone.
      expect(after.images[0]!.tags).toEqual(['xrcl/app:1']);
      expect(after.images[0]!.configDigest).toBe(index.images[0]!.configDigest);
      expect(after.entries.has(bottom!.path)).toBe(false);
      expect(after.entries.get(top!.path)?.sha256).toBe(index.entries.get(top!.path)?.sha256);
      expect(after.problems).toEqual([`Layer 1 (${bottom!.path}) is listed in the manifest but missing from the tarball.`]);
    });
  }

  it('sends every layer when the router has none, and refuses what is not one docker-save image', async () => {
    const file = join(dir, 'legacy.tar');
    const index = await readImageTarball(file);
    expect(planThin(index, 0)).toMatchObject({ layersSkipped: 0, layersSent: 2, omittedBytes: 0 });
    expect(() => planThin({ ...index, kind: 'export' }, 1)).toThrow(/docker-save tarball holding one image/);
  });
});

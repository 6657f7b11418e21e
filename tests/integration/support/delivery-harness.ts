// The app's services against a practice router, as the Images page drives them: a data folder of
// its own, the lab router saved as a target (host keys trusted as "Test connection" does), sends
// run as tasks whose progress the test can watch.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import type { ImageSendRequest, ImageSendResult } from '../../../src-shared/types/images';
import type { TaskSnapshot } from '../../../src-shared/types/tasks';
import { AppError } from '../../../src-shared/errors';
import { createServices, type AppServices } from '../../../src-main/app/create-services';
import type { KeyValueStore } from '../../../src-main/services/store/app-store';
import type { LabInfo } from '../../lab/lab-api';

const openStore = (o: ConstructorParameters<typeof Conf>[0]) => new Conf(o) as unknown as KeyValueStore;

export interface DeliveryHarness {
  services: AppServices;
  dataDir: string;
  /** Sends and waits; `onProgress` sees every task update. */
  send(req: Omit<ImageSendRequest, 'target'>, onProgress?: (t: TaskSnapshot) => void): Promise<ImageSendResult>;
  close(): void;
}

export async function deliveryHarness(lab: LabInfo, target = 'r1', login?: { user: string; password: string }): Promise<DeliveryHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'xrcl-delivery-'));
  const services = createServices({ shell: 'web', version: 'test', dataDir, openStore });
  const h = services.handlers;
  const cli = lab.endpoints.xrCli!;
  const shell = lab.endpoints.xrShell!;
  const user = login?.user ?? shell.user ?? 'vagrant';
  await h['targets.add']({
    target: { name: target, platform: lab.platform, host: lab.labAddress, user: cli.user ?? 'root', shellUser: user },
    password: cli.password ?? undefined,
    shellPassword: login?.password ?? shell.password ?? undefined,
  });
  await h['targets.test']({ name: target, acceptNew: true });
  return {
    services,
    dataDir,
    async send(req, onProgress) {
      const off = onProgress ? services.hub.on('task.updated', (t) => onProgress(t)) : () => undefined;
      try {
        const { taskId } = await h['images.send']({ target, ...req });
        const t = await new Promise<TaskSnapshot>((resolve) => {
          const stop = services.hub.on('task.updated', (s) => {
            if (s.id === taskId && s.state !== 'running') {
              stop();
              resolve(s);
            }
          });
        });
        if (t.state !== 'succeeded') throw t.error ? AppError.fromEnvelope(t.error) : new Error(`send ${t.state}`);
        const r = await h['images.sendResult']({ taskId });
        if (!r) throw new Error('no result');
        return r;
      } finally {
        off();
      }
    },
    close() {
      services.dispose();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

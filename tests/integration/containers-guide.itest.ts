// The Guide's last step on a practice router, through the wizard as the app drives it: after the
// step that brought the image (here a real docker load on the router, standing in for the image
// path's own steps, which leave the image name behind), "Run and check" runs the container and
// ends green, naming the router's Mg0_RP0_CPU0_0 address; run again, it checks the same one.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Conf from 'conf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type AppServices } from '../../src-main/app/create-services';
import type { KeyValueStore } from '../../src-main/services/store/app-store';
import { containerSteps } from '../../src-main/services/wizard/steps/container-steps';
import type { WizardView } from '../../src-shared/types/wizard';
import { labDown, labExec, labUp, type LabInfo } from '../lab/lab-api';
import { dockerCli, labSuiteSkipReason } from '../lab/stock-clients';
import { testImageProblem, writeBusyboxImage } from '../lab/test-images';
import { waitFor } from '../support/wait-for';

const skip = labSuiteSkipReason() ?? testImageProblem();
const LAB = `ct-guide-${process.pid.toString(36)}`;
const IMAGE = 'ct/app:1';

describe.skipIf(skip !== null)(`the Guide's container step${skip ? ` (skipped: ${skip})` : ''}`, () => {
  let lab: LabInfo;
  let home: string;
  let app: AppServices;

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'xrcl-ct-guide-'));
    lab = await labUp({ platform: 'vagrant', name: LAB });
    const tarball = join(home, 'app.tar');
    writeBusyboxImage(tarball, IMAGE);
    app = createServices({
      shell: 'web',
      version: 't',
      dataDir: home,
      openStore: (o) => new Conf(o) as unknown as KeyValueStore,
      steps: ({ containers }) => [
        // The router's own steps are not what this suite is about; the wizard needs one.
        { id: 'router-ready', paths: 'all', title: 'Router ready', why: 'test', manual: [], actionLabel: 'Go', taskTitle: 'Router ready', run: async () => ({ verdict: 'done', summary: 'ok' }) },
        {
          id: 'load-image',
          paths: ['lab'],
          needsRouter: true,
          imagePaths: ['save-load'],
          title: 'Load the image',
          why: 'test',
          manual: [],
          actionLabel: 'Load',
          taskTitle: 'Load the image',
          async run() {
            const r = await labExec(LAB, ['docker', 'load'], { input: readFileSync(tarball) });
            return r.code === 0 ? { verdict: 'done', summary: 'loaded', image: IMAGE } : { verdict: 'failed', summary: r.stderr };
          },
        },
        ...containerSteps({ containers }),
      ],
    });
    const cli = lab.endpoints.xrCli!;
    await app.handlers['targets.add']({ target: { name: 'rtr', platform: 'vagrant', host: lab.labAddress, user: cli.user! }, password: cli.password! });
    await app.handlers['targets.test']({ name: 'rtr', acceptNew: true });
    await app.handlers['wizard.dispatch']({ type: 'choosePath', path: 'lab' });
    await app.handlers['wizard.dispatch']({ type: 'chooseRouter', router: { target: 'rtr', newUser: cli.user! } });
    await app.handlers['wizard.dispatch']({ type: 'chooseImagePath', imagePath: 'save-load' });
  });

  afterAll(async () => {
    app?.dispose();
    await labDown({ name: LAB }).catch(() => undefined);
    if (home) rmSync(home, { recursive: true, force: true });
  });

  const runStep = async (stepId: string): Promise<WizardView['steps'][number]> => {
    await app.handlers['wizard.runStep']({ stepId });
    return waitFor(async () => {
      const s = (await app.handlers['wizard.get']()).steps.find((x) => x.id === stepId);
      return s && s.status !== 'running' && s.status !== 'ready' && s;
    }, { timeoutMs: 60_000, what: `${stepId} to finish` });
  };

  it('runs the image the previous step left and ends green on the router\'s network', async () => {
    expect((await runStep('router-ready')).status).toBe('done');
    expect((await runStep('load-image')).status).toBe('done');
    expect((await app.handlers['wizard.get']()).image).toBe(IMAGE);
    const step = await runStep('run-container');
    expect(step.status, step.verdict?.summary).toBe('done');
    expect(step.verdict?.summary).toMatch(/^Container app running and reaching the router's network/);
    expect(step.verdict?.summary).toContain(`Mg0_RP0_CPU0_0 ${lab.labAddress}/24`);
    const running = await dockerCli(lab.dockerSocket, ['inspect', '--format', '{{.State.Running}} {{.Config.Image}}', 'app']);
    expect(running.stdout.trim()).toBe(`true ${IMAGE}`);
    // The step's log shows the docker run it typed.
    const log = (await app.handlers['tasks.log']({ id: step.taskId! })).text;
    expect(log).toContain('$ docker run -itd --name app -v /var/run/netns/global-vrf:/var/run/netns/global-vrf --cap-add SYS_ADMIN ct/app:1');

    const again = await runStep('run-container');
    expect(again.status).toBe('done');
    expect((await dockerCli(lab.dockerSocket, ['ps', '-a', '--filter', 'name=^app$', '--format', '{{.ID}}'])).stdout.trim().split('\n')).toHaveLength(1);
  });
});

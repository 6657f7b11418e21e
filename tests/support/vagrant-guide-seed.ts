// A data folder for the Guide's Vagrant path on a computer without VirtualBox (the e2e suite and
// the bench): the vagrant path chosen, its prerequisites marked as checked (they cannot pass
// here), and the topology choice set to the docker provider with local images (or, without
// them, the tutorial's VirtualBox topology).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface VagrantGuideSeed {
  topologyDir: string;
  docker?: { link: { router: string; devbox: string }; image: string; containerPrefix: string };
}

export function seedVagrantGuide(dataDir: string, s: VagrantGuideSeed): void {
  writeFileSync(
    join(dataDir, 'config.json'),
    JSON.stringify({
      wizard: {
        version: 1,
        path: 'vagrant',
        currentStepId: 'vagrant-box',
        steps: { prerequisites: { status: 'attention', taskId: null, verdict: { summary: 'Checked on another computer: no VirtualBox here.' }, details: null, updatedAt: null } },
      },
      vagrantGuide: {
        dir: s.topologyDir,
        choices: s.docker
          ? { provider: 'docker', routerAddress: s.docker.link.router, devboxAddress: s.docker.link.devbox, docker: { routerImage: s.docker.image, devboxImage: s.docker.image, containerPrefix: s.docker.containerPrefix } }
          : {},
      },
    }),
  );
}

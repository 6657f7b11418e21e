// The Guide's Vagrant path: the IOS-XRv box, the topology folder (files shown before anything
// runs), vagrant up with its live output and phases, then the booted router and devbox as
// targets (their ports, the box credentials, host keys) with the router becoming the Guide's
// router, and docker ps as root on it.
import type { VagrantService } from '../../vagrant/vagrant-service';
import { guideTarget, type StepDefinition } from '../step-definition';

export function vagrantSteps(vagrant: VagrantService): StepDefinition[] {
  return [
    {
      id: 'vagrant-box',
      paths: ['vagrant'],
      title: 'Add the IOS-XRv box',
      why:
        "Vagrant builds the router from the IOS-XRv box, a file of about 1.8 GB you download from Cisco's developer site.\n" +
        'The app checks whether Vagrant has it; a download that saved a web page instead of the box is caught before Vagrant tries it.',
      manual: [
        { place: 'this computer', command: 'vagrant box list' },
        { place: 'this computer', command: 'vagrant box add --name IOS-XRv ~/Downloads/iosxrv-fullk9-x64.box', note: 'once, with the file you downloaded' },
      ],
      actionLabel: 'Check for the box',
      taskTitle: 'Check for the IOS-XRv box',
      async run(ctx) {
        const { choices } = vagrant.guideTopology();
        if (choices.provider === 'docker') {
          return { verdict: 'done', summary: 'Not needed: this topology runs local container images on the docker provider.' };
        }
        ctx.log('$ vagrant box list --machine-readable\r\n');
        const status = await vagrant.boxStatus();
        if (status.added) return { verdict: 'done', summary: `Vagrant has the box: ${status.box}.` };
        return {
          verdict: 'failed',
          summary: 'The IOS-XRv box is not added to Vagrant yet.',
          fix: "Download the box from Cisco's developer site, then add it: give the .box file's path under “Add the box from a file” (or run vagrant box add --name IOS-XRv FILE), and check again.",
        };
      },
    },
    {
      id: 'vagrant-topology',
      paths: ['vagrant'],
      title: 'Write the topology',
      why:
        'The router rtr (5120 MB, enough for Docker) and an Ubuntu devbox joined by link1, with the router\'s day-0 configuration and the provisioning scripts, all from the app\'s own templates.\n' +
        'Read the files below before anything runs; nothing is downloaded from a repository.',
      manual: [
        { place: 'this computer', command: 'git clone https://github.com/ios-xr/vagrant-xrdocs.git', note: 'the tutorial clones its files; the app writes its own' },
        { place: 'this computer', command: 'cd vagrant-xrdocs/docker-app-topo-bootstrap' },
      ],
      actionLabel: 'Write the files',
      taskTitle: 'Write the Vagrant topology',
      async run(ctx) {
        const { dir, choices } = vagrant.guideTopology();
        const files = vagrant.preview(choices);
        const written = await vagrant.init(dir, choices);
        for (const f of written.files) ctx.log(`wrote ${dir}/${f}\r\n`);
        return {
          verdict: 'done',
          summary: `Wrote ${written.files.length} files in ${written.dir}.`,
          details: { kind: 'vagrantTopology', dir: written.dir, files: files.map(({ path, purpose }) => ({ path, purpose })) },
        };
      },
    },
    {
      id: 'vagrant-up',
      paths: ['vagrant'],
      title: 'Bring up the router and the devbox',
      why:
        'vagrant up imports the box, boots rtr and the devbox, waits for them and runs the provisioning scripts: about 10 minutes for the router.\n' +
        '"Remote connection disconnect. Retrying..." lines are normal while XR boots; the app shows them as waiting.',
      manual: [{ place: 'this computer', command: 'vagrant up', note: 'in the topology folder' }],
      actionLabel: 'vagrant up',
      taskTitle: 'vagrant up',
      async run(ctx) {
        const { dir } = vagrant.guideTopology();
        const up = await vagrant.upIn(dir, ctx);
        const names = up.progress.machines.map((m) => m.machine);
        return { verdict: 'done', summary: `${names.join(' and ') || 'The machines'} ${names.length === 1 ? 'is' : 'are'} up (${Math.round(up.durationMs / 1000)} s).` };
      },
    },
    {
      id: 'vagrant-targets',
      paths: ['vagrant'],
      title: 'Add the router and the devbox',
      why:
        'Vagrant forwards the router\'s port 22 (XR CLI) and 57722 (XR shell) to ports on this computer, moving them when taken: the app reads them and adds rtr and devbox as targets with the box login vagrant/vagrant.\n' +
        'Their host keys are trusted on first use; a rebuilt box has new keys, and the app asks before forgetting the old ones.',
      manual: [
        { place: 'this computer', command: 'vagrant port rtr' },
        { place: 'this computer', command: 'ssh -p 2223 vagrant@127.0.0.1', note: 'the XR CLI; password vagrant' },
        { place: 'this computer', command: 'ssh -p 2222 vagrant@127.0.0.1', note: 'the XR shell' },
      ],
      actionLabel: 'Find the ports',
      taskTitle: 'Add the Vagrant router and devbox',
      async run(ctx) {
        const { dir } = vagrant.guideTopology();
        const r = await vagrant.addTargets(dir, { task: ctx, signal: ctx.signal, proveDocker: false });
        const router = r.targets.find((t) => t.platform === 'vagrant')!;
        const devbox = r.targets.find((t) => t.platform === 'devbox');
        return {
          verdict: 'done',
          summary:
            `${router.name}: XR CLI ${router.host}:${router.cliPort}, XR shell ${router.host}:${router.shellPort}` +
            (devbox ? `; ${devbox.name}: SSH ${devbox.host}:${devbox.shellPort}` : '') +
            '. Host keys trusted; the Guide now works on this router.',
          router: { target: router.name, newUser: router.shell?.user ?? 'vagrant' },
        };
      },
    },
    {
      id: 'vagrant-docker',
      paths: ['vagrant'],
      needsRouter: true,
      title: 'Prove Docker on the router',
      why:
        'Docker runs in the XR Linux shell: the app logs in on 57722 as vagrant, becomes root with sudo -i and runs docker ps, as you will.\n' +
        'The box starts Docker a minute or two after the shell answers; run this again if it is not ready yet.',
      manual: [
        { place: 'this computer', command: 'ssh -p 2222 vagrant@127.0.0.1' },
        { place: 'XR shell', command: 'sudo -i' },
        { place: 'XR shell', command: 'docker ps' },
      ],
      actionLabel: 'Run docker ps',
      taskTitle: 'docker ps on the Vagrant router',
      async run(ctx) {
        const name = guideTarget(ctx);
        const r = await vagrant.proveDocker(name, vagrant.providerOf(name), { task: ctx, signal: ctx.signal });
        return r.proven ? { verdict: 'done', summary: r.note } : { verdict: 'attention', summary: r.note };
      },
    },
  ];
}

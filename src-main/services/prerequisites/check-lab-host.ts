// The practice router lab is built from Linux parts (network namespaces, veth links, a real
// OpenSSH and dockerd) and is started as root in a terminal; the app itself never runs as root.
import { allOutput } from './command-check';
import { firstLine } from './format-units';
import type { CommandOutcome, PrereqCheck, Verdict } from './prereq-types';

export interface LabHostEvidence {
  platform: NodeJS.Platform;
  /** The app's user id; 0 is root. Null where there is none (Windows). */
  uid: number | null;
  /** `sudo --version` on Linux; null elsewhere. */
  sudo: CommandOutcome | null;
}

/** The one command the Guide shows for starting the lab (README, Practice router lab). */
export const LAB_UP_COMMAND = 'sudo npm run lab -- up --platform ncs5500';

export const labHostCheck: PrereqCheck<LabHostEvidence> = {
  id: 'lab-host',
  title: 'Linux and root for the practice lab',
  why: 'The practice router lab builds its router from Linux network namespaces, a real OpenSSH and a real Docker engine, so it runs on Linux and is started as root (with sudo) in a terminal.',
  timeoutMs: 10_000,
  async probe(ctx) {
    const uid = ctx.host.uid ?? null;
    if (ctx.platform !== 'linux') return { platform: ctx.platform, uid, sudo: null };
    return { platform: ctx.platform, uid, sudo: await ctx.run({ file: 'sudo', args: ['--version'] }) };
  },
  interpret({ platform, uid, sudo }): Verdict {
    if (platform !== 'linux') {
      return {
        status: 'fail',
        value: `${platform === 'darwin' ? 'macOS' : platform === 'win32' ? 'Windows' : platform}, not Linux`,
        message: 'The practice router lab needs Linux: it is made of Linux network namespaces and runs its own Docker engine.',
        fix: 'Use a Linux computer (the lab is tested on Debian 12) or a Linux VM for the practice lab, or choose another router path at the top of the Guide.',
      };
    }
    if (uid === 0) {
      return {
        status: 'pass',
        value: 'Linux, running as root',
        message: `Linux, and you are root: start the lab in a terminal with \`${LAB_UP_COMMAND.replace(/^sudo /, '')}\`.`,
      };
    }
    const version = sudo && !sudo.notFound && sudo.exitCode === 0 ? firstLine(allOutput(sudo)) : null;
    if (version) {
      return {
        status: 'pass',
        value: `Linux, ${version}`,
        message: `Linux with sudo: start the lab in a terminal with \`${LAB_UP_COMMAND}\` (it asks for your password); XR Container Lab itself does not run as root.`,
      };
    }
    return {
      status: 'fail',
      value: 'Linux, no sudo',
      message: 'The practice lab has to be started as root, and sudo is not installed (or does not run) for your user.',
      fix: 'As root, install sudo and add yourself to the sudo group (`apt install sudo`, then `usermod -aG sudo <you>` and log in again), or start the lab from a root shell.',
    };
  },
};

// The tutorial's physical-router onboarding as data: each step says what it stands for by hand,
// how to tell it is already done (so a second run changes nothing), and how to do it.
import { AppError } from '../../../src-shared/errors';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import { quoteArg } from '../exec/shell-quote';
import type { TransportResult } from '../transport/transport';
import type { XrDialogAnswers } from '../ssh/xr-cli-prompts';
import type { DialogStep } from '../transport/dialog';
import type { OnboardingPorts } from './onboarding-ports';
import type { CheckedStep } from './onboarding-runner';

export interface OnboardingInput {
  platform: TargetPlatform;
  newUser: string;
  newPassword: string;
  /** Generate new RSA keys even when the router has some (answers "replace?" with yes). */
  regenerateKeys?: boolean;
}

export interface OnboardingContext extends OnboardingInput {
  ports: OnboardingPorts;
  /** Runs a command on a transport with logging and a command record (see logged-run.ts). */
  run(on: 'cli' | 'root' | 'userShell' | 'userRoot', command: string, opts?: { display?: string; answers?: XrDialogAnswers }): Promise<TransportResult>;
  dialog(command: string, steps: DialogStep[]): Promise<TransportResult>;
  configure(lines: string[]): Promise<TransportResult>;
}

/** Platforms whose routers need a step: the Vagrant box has the first five done already. */
export interface OnboardingStep extends CheckedStep<OnboardingContext> {
  id: 'rsa-keys' | 'ssh-server' | 'sudoers' | 'sudo-user' | 'sshd-operns' | 'shell-docker';
}

const PHYSICAL: readonly TargetPlatform[] = ['ncs5500', 'asr9k'];
const SUDO_LINE = /^%sudo\s+ALL=\(ALL(:ALL)?\)\s+ALL\s*$/m;
const SUDOERS_WORK = '/tmp/xrcl-sudoers.new';

export const onboardingSteps: readonly OnboardingStep[] = [
  {
    id: 'rsa-keys',
    title: 'RSA host keys for SSH',
    manual: [
      { place: 'XR CLI', command: 'show crypto key mypubkey rsa', note: 'no output means no keys yet' },
      { place: 'XR CLI', command: 'crypto key generate rsa', note: 'answer 2048 to the modulus question' },
    ],
    platforms: PHYSICAL,
    async check(ctx) {
      if (ctx.regenerateKeys) return { done: false, note: 'new keys were asked for' };
      const r = await ctx.run('cli', 'show crypto key mypubkey rsa');
      const size = /Size\s*:\s*(\d+)/.exec(r.output)?.[1];
      return size ? { done: true, note: `an RSA key of ${size} bits exists` } : { done: false, note: 'no RSA key yet' };
    },
    async apply(ctx) {
      // "Replace the existing keys?" is answered no unless new keys were asked for.
      await ctx.run('cli', 'crypto key generate rsa', { answers: { yesNo: ctx.regenerateKeys ? 'yes' : 'no', modulusBits: 2048 } });
    },
  },
  {
    id: 'ssh-server',
    title: 'SSH server v2 in the default VRF',
    manual: [{ place: 'XR CLI', command: 'configure\nssh server v2\nssh server vrf default\ncommit\nend' }],
    platforms: PHYSICAL,
    async check(ctx) {
      const r = await ctx.run('cli', 'show running-config ssh');
      const missing = ['ssh server v2', 'ssh server vrf default'].filter((l) => !new RegExp(`^\\s*${l}\\s*$`, 'm').test(r.output));
      return missing.length ? { done: false, note: `missing: ${missing.join(', ')}` } : { done: true, note: 'ssh server v2 and vrf default are configured' };
    },
    async apply(ctx) {
      await ctx.configure(['ssh server v2', 'ssh server vrf default']);
    },
  },
  {
    id: 'sudoers',
    title: 'The %sudo group may use sudo',
    manual: [
      { place: 'XR CLI', command: 'bash', note: 'a root shell' },
      { place: 'XR shell', command: 'visudo', note: 'uncomment the line "# %sudo ALL=(ALL) ALL"' },
    ],
    platforms: PHYSICAL,
    async check(ctx) {
      const r = await ctx.run('root', 'cat /etc/sudoers');
      if (r.exitStatus !== 0) throw new AppError('/etc/sudoers could not be read as root.', { code: 'ONBOARDING_FAILED', detail: r.output, fix: 'Check that the XR CLI user can run `bash` (root in the XR shell).' });
      return SUDO_LINE.test(r.output) ? { done: true, note: 'the %sudo line is enabled' } : { done: false, note: 'the %sudo line is commented out or missing' };
    },
    async apply(ctx) {
      // Edit a copy, let visudo check it, and only then put it in place (a backup is kept):
      // a broken sudoers would lock every sudo user out.
      const script = [
        `cp -p /etc/sudoers ${SUDOERS_WORK}`,
        `sed -i -E 's/^#[[:space:]]*(%sudo[[:space:]]+ALL=\\(ALL(:ALL)?\\)[[:space:]]+ALL[[:space:]]*)$/\\1/' ${SUDOERS_WORK}`,
        `grep -Eq '^%sudo[[:space:]]+ALL=\\(ALL(:ALL)?\\)[[:space:]]+ALL' ${SUDOERS_WORK} || echo '%sudo ALL=(ALL) ALL' >> ${SUDOERS_WORK}`,
        `visudo -c -f ${SUDOERS_WORK}`,
        'cp -p /etc/sudoers /etc/sudoers.xrcl-backup',
        `cat ${SUDOERS_WORK} > /etc/sudoers`,
      ].join(' && ');
      // A subshell: the root shell itself must stay open after this command.
      const r = await ctx.run('root', `(${script}); status=$?; rm -f ${SUDOERS_WORK}; test $status -eq 0`, { display: 'visudo  # %sudo ALL=(ALL) ALL enabled, checked with visudo -c before it is saved' });
      if (r.exitStatus !== 0) {
        throw new AppError('The edited sudoers file did not pass `visudo -c`, so the router\'s /etc/sudoers was left as it was.', {
          code: 'ONBOARDING_FAILED',
          command: 'visudo -c',
          detail: r.output,
          fix: 'Open /etc/sudoers with visudo in the XR shell and enable the line %sudo ALL=(ALL) ALL by hand.',
        });
      }
    },
  },
  {
    id: 'sudo-user',
    title: 'A sudo user for the XR shell',
    manual: [
      { place: 'XR shell', command: 'adduser', note: 'login name, then "sudo" as the additional group, then the password twice' },
    ],
    platforms: PHYSICAL,
    async check(ctx) {
      const u = quoteArg(ctx.newUser);
      const r = await ctx.run('root', `id -nG ${u}`);
      if (r.exitStatus !== 0) return { done: false, note: `no user ${ctx.newUser} yet` };
      if (!/(^|\s)sudo(\s|$)/.test(r.output)) return { done: false, note: `${ctx.newUser} exists but is not in the sudo group` };
      return { done: true, note: `${ctx.newUser} exists and is in the sudo group` };
    },
    async apply(ctx) {
      const u = quoteArg(ctx.newUser);
      const exists = (await ctx.run('root', `id -u ${u}`)).exitStatus === 0;
      if (exists) {
        await ctx.run('root', `usermod -a -G sudo ${u}`);
        return;
      }
      // XR's adduser asks its questions one by one (xr-facts 1.5); the answers are typed, never
      // put on a command line.
      const blank = (expect: RegExp): DialogStep => ({ expect, send: '' });
      const r = await ctx.dialog('adduser', [
        { expect: /Login name for new user \[\]:/, send: ctx.newUser },
        blank(/User id for .* \[ ?defaults to next available\]:/),
        blank(/Initial group for .* \[users\]:/),
        { expect: /Additional groups for .* \[\]:/, send: 'sudo' },
        blank(/home directory \[.*\]:/),
        blank(/shell \[.*\]:/),
        blank(/account expiry date \(MM\/DD\/YY\) \[\]:/),
        blank(/you'd better do it now\./),
        blank(/Full Name \[\]:/),
        blank(/Room Number \[\]:/),
        blank(/Work Phone \[\]:/),
        blank(/Home Phone \[\]:/),
        blank(/Other \[\]:/),
        { expect: /Enter new UNIX password:/, send: ctx.newPassword, secret: true },
        { expect: /Retype new UNIX password:/, send: ctx.newPassword, secret: true },
        { expect: /Done\.\.\./, send: '' },
      ]);
      if (!/passwd: password updated successfully/.test(r.output)) {
        throw new AppError(`adduser did not set the password of ${ctx.newUser}.`, { code: 'ONBOARDING_FAILED', command: 'adduser', detail: r.output, fix: 'Run `passwd USER` as root in the XR shell, then run onboarding again.' });
      }
    },
  },
  {
    id: 'sshd-operns',
    title: 'The XR shell answers on port 57722',
    manual: [
      { place: 'XR shell', command: 'service sshd_operns start' },
      { place: 'XR shell', command: 'netstat -nlp | grep 57722', note: 'sshd listening on 0.0.0.0:57722' },
    ],
    platforms: PHYSICAL,
    async check(ctx) {
      const status = await ctx.run('root', 'service sshd_operns status');
      if (!/is running/.test(status.output)) return { done: false, note: 'sshd_operns is stopped' };
      // bash from the XR CLI already runs in global-vrf (netns_identify $$ says so).
      const listen = await ctx.run('root', '(netstat -nlt 2>/dev/null || ss -nlt) | grep -E "[:.]57722[[:space:]]"');
      return listen.exitStatus === 0 ? { done: true, note: 'sshd_operns runs and 57722 listens in global-vrf' } : { done: false, note: 'sshd_operns runs but nothing listens on 57722 in global-vrf' };
    },
    settleMs: 20_000,
    async apply(ctx) {
      await ctx.run('root', 'service sshd_operns start');
    },
  },
  {
    id: 'shell-docker',
    title: 'docker ps works over 57722 as the new user with sudo -i',
    manual: [
      { place: 'this computer', command: 'ssh -p 57722 USER@ROUTER' },
      { place: 'XR shell', command: 'sudo -i' },
      { place: 'XR shell', command: 'docker ps' },
    ],
    platforms: ['ncs5500', 'asr9k', 'vagrant'],
    async check(ctx) {
      const r = await ctx.run('userRoot', 'docker ps');
      return r.exitStatus === 0 && /CONTAINER ID/.test(r.output)
        ? { done: true, note: 'docker ps answered as root through sudo -i' }
        : { done: false, note: `docker ps failed (exit ${r.exitStatus})` };
    },
    async apply() {
      throw new AppError('docker ps does not work over 57722 as the new user with sudo -i.', {
        code: 'ONBOARDING_FAILED',
        fix: 'Check that the docker daemon runs on the router (`service docker status` in the XR shell) and that the user is in the sudo group.',
      });
    },
  },
];

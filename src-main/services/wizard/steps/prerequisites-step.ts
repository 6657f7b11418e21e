import { runPrerequisites, summarize } from '../../prerequisites/prereq-runner';
import { LAB_UP_COMMAND } from '../../prerequisites/check-lab-host';
import { TARGET_PATH_INFO, type ManualCommand, type TargetPath } from '../../../../src-shared/types/wizard';
import type { CheckResult, PrereqReport } from '../../../../src-shared/types/prerequisites';
import type { StepDefinition } from '../step-definition';

const WHY: Record<TargetPath | 'none', string> = {
  none:
    'Which tools this computer needs depends on your router: choose it above first.\n' +
    'Finding a missing piece now saves a failed 10-minute boot later.',
  vagrant:
    'The IOS-XRv box needs VirtualBox, Vagrant, hardware virtualisation, about 6 GB of free memory and two cores.\n' +
    'Finding a missing piece now saves a failed 10-minute boot later.',
  physical:
    'A physical router needs nothing installed here to be reached; Docker builds image tarballs and ssh lets you follow by hand.\n' +
    'VirtualBox and Vagrant are not checked: they are for the IOS-XRv box only.',
  lab:
    'The practice router lab runs on Linux, is started as root (with sudo), and needs Docker.\n' +
    'VirtualBox and Vagrant are not checked: they are for the IOS-XRv box only.',
};

const cmd = (command: string, note?: string): ManualCommand => ({ place: 'this computer', command, ...(note ? { note } : {}) });
const cpuFlags = cmd("grep -E -o -w -m1 'vmx|svm' /proc/cpuinfo", 'Linux: vmx or svm means VT-x or AMD-V is there');

const MANUAL: Record<TargetPath | 'none', ManualCommand[]> = {
  none: [cmd('docker version'), cmd('ssh -V')],
  vagrant: [
    cpuFlags,
    cmd('VBoxManage --version'),
    cmd('vagrant --version'),
    cmd('vagrant box list', 'look for IOS-XRv'),
    cmd('docker version'),
    cmd('ssh -V'),
    cmd('git --version'),
  ],
  physical: [cmd('docker version', 'to build image tarballs'), cmd('ssh -V')],
  lab: [cmd('sudo --version'), cmd('docker version'), cmd('ssh -V'), cmd(LAB_UP_COMMAND, 'later, to start the practice router')],
};

/** Step 1 on every path: is this computer ready for the chosen router? Pass continues, warnings continue with notes, failures stop. */
export const prerequisitesStep: StepDefinition = {
  id: 'prerequisites',
  paths: 'all',
  needsPath: true,
  title: 'Check this computer',
  why: (path) => WHY[path ?? 'none'],
  manual: (path) => MANUAL[path ?? 'none'],
  actionLabel: 'Run checks',
  taskTitle: 'Check this computer',
  async run(ctx) {
    const path = ctx.path;
    let done = 0;
    let total = 0;
    const startedAt = new Date().toISOString();
    const arrived: CheckResult[] = [];
    const log = (text: string): void => ctx.log(text.replace(/\r?\n/g, '\r\n'));
    if (path) log(`# Checking this computer for ${TARGET_PATH_INFO[path].short}.\n`);
    const report = await runPrerequisites({
      path,
      signal: ctx.signal,
      log,
      onStart: (count: number) => {
        total = count;
        ctx.progress(0, `0 of ${count} checks done`);
      },
      onResult: (result) => {
        arrived.push(result);
        if (result.status === 'skip') return;
        done += 1;
        if (total > 0) ctx.progress(done / total, `${done} of ${total} checks done`);
        ctx.partial({ kind: 'prerequisites', report: partialReport(arrived, startedAt, path) });
      },
    });
    const skipped = report.results.filter((r) => r.status === 'skip');
    if (path && skipped.length > 0) {
      log(`# Not needed for ${TARGET_PATH_INFO[path].short}, not run: ${skipped.map((r) => r.title).join(', ')}.\n`);
    }
    const { pass, warn, fail } = report.summary;
    const details = { kind: 'prerequisites' as const, report };
    if (fail > 0) {
      const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.title);
      return {
        verdict: 'failed',
        summary: `${fail} required check${fail === 1 ? '' : 's'} failed: ${failed.join(', ')}.`,
        fix: 'Apply the fix shown under each failed check, then run the checks again.',
        details,
      };
    }
    if (warn > 0) {
      return {
        verdict: 'attention',
        summary: `${pass} passed, ${warn} need${warn === 1 ? 's' : ''} attention. You can continue; read the notes first.`,
        details,
      };
    }
    return { verdict: 'done', summary: `All ${pass} checks passed.`, details };
  },
};

function partialReport(results: CheckResult[], startedAt: string, path: TargetPath | null): PrereqReport {
  return { path, results: [...results], startedAt, finishedAt: '', summary: summarize(results) };
}

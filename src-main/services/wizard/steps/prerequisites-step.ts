import { runPrerequisites, summarize } from '../../prerequisites/prereq-runner';
import type { CheckResult, PrereqReport } from '../../../../src-shared/types/prerequisites';
import type { StepDefinition } from '../step-definition';

/** Step 1 on every path: is this computer ready? Pass continues, warnings continue with notes, failures stop. */
export const prerequisitesStep: StepDefinition = {
  id: 'prerequisites',
  paths: 'all',
  title: 'Check this computer',
  why:
    'The IOS-XRv box needs VirtualBox, Vagrant, about 5 GB of free memory and two cores; the registry and tarball paths need Docker. ' +
    'Finding a missing piece now saves a failed 10-minute boot later.',
  manual: [
    { place: 'this computer', command: 'vagrant --version' },
    { place: 'this computer', command: 'VBoxManage --version' },
    { place: 'this computer', command: 'vagrant box list', note: 'look for IOS-XRv' },
    { place: 'this computer', command: 'docker version' },
    { place: 'this computer', command: 'ssh -V' },
    { place: 'this computer', command: 'git --version' },
  ],
  actionLabel: 'Run checks',
  taskTitle: 'Check this computer',
  async run(ctx) {
    let done = 0;
    let total = 0;
    const startedAt = new Date().toISOString();
    const arrived: CheckResult[] = [];
    const report = await runPrerequisites({
      signal: ctx.signal,
      log: (text) => ctx.log(text.replace(/\r?\n/g, '\r\n')),
      onStart: (count: number) => {
        total = count;
        ctx.progress(0, `0 of ${count} checks done`);
      },
      onResult: (result) => {
        done += 1;
        arrived.push(result);
        if (total > 0) ctx.progress(done / total, `${done} of ${total} checks done`);
        ctx.partial({ kind: 'prerequisites', report: partialReport(arrived, startedAt) });
      },
    });
    const { pass, warn, fail } = report.summary;
    const details = { kind: 'prerequisites' as const, report };
    if (fail > 0) {
      const failed = report.results.filter((r) => r.status === 'fail').map((r) => r.title);
      return {
        verdict: 'failed',
        summary: `${fail} check${fail === 1 ? '' : 's'} failed: ${failed.join(', ')}.`,
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

function partialReport(results: CheckResult[], startedAt: string): PrereqReport {
  return { results: [...results], startedAt, finishedAt: '', summary: summarize(results) };
}

import type { HandlerGroup } from '../../../src-shared/contract';
import type { CommandRecorder } from '../transport/command-recorder';
import { runbookMarkdown } from './runbook-markdown';

/** The contract's `runbook.*` methods: the session's commands as one Markdown file. */
export function runbookHandlers(recorder: CommandRecorder): HandlerGroup<'runbook'> {
  return {
    'runbook.export': async () => {
      const records = recorder.list();
      return { markdown: runbookMarkdown(records, { title: 'XR Container Lab runbook' }), commands: records.length };
    },
    'runbook.clear': async () => recorder.clear(),
  };
}

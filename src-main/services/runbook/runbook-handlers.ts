import type { HandlerGroup } from '../../../src-shared/contract';
import type { CommandRecorder } from '../transport/command-recorder';
import { runbookMarkdown } from './runbook-markdown';

/**
 * The contract's `runbook.*` methods: the session's commands as one Markdown file. Records are
 * redacted as they are written; the export hides the routers' passwords once more, so a record
 * made without them (one appended outside loggedRun) cannot carry one into the file.
 */
export function runbookHandlers(recorder: CommandRecorder, secrets: () => string[]): HandlerGroup<'runbook'> {
  return {
    'runbook.export': async () => {
      const records = recorder.list();
      return { markdown: runbookMarkdown(records, { title: 'XR Container Lab runbook', secrets: secrets() }), commands: records.length };
    },
    'runbook.clear': async () => recorder.clear(),
  };
}

// One job's commands on a router: a root shell (sudo -i) kept open for the whole job, every
// command logged to the task and recorded for the runbook with the passwords replaced, plus
// unrecorded polls for waiting, and the XR CLI opened only when a step needs it.
import type { PromptCenter } from '../prompts/prompt-center';
import type { RouterAccess } from '../routers/router-access';
import type { XrCliTransport } from '../ssh/xr-cli-transport';
import type { TaskContext } from '../tasks/task-manager';
import type { CommandRecorder } from '../transport/command-recorder';
import { loggedRun, type LoggedRunContext } from '../transport/logged-run';
import type { TransportResult } from '../transport/transport';

export interface RouterSession {
  readonly target: string;
  readonly task: TaskContext;
  run(command: string, o?: { display?: string; stdin?: string; timeoutMs?: number; onOutput?: (text: string) => void }): Promise<TransportResult>;
  /** Unrecorded: polls while waiting (the recorded command is the one that proves it). */
  quiet(command: string): Promise<TransportResult>;
  cli(): XrCliTransport;
  log: LoggedRunContext;
  close(): void;
}

export function openRouterSession(
  d: { routers: RouterAccess; prompts: PromptCenter; recorder: CommandRecorder },
  target: string,
  task: TaskContext,
  extraSecrets: string[] = [],
): RouterSession {
  const { transport: root, secrets } = d.routers.open(target, 'root', { prompts: d.prompts });
  let cli: XrCliTransport | null = null;
  const log: LoggedRunContext = { task, recorder: d.recorder, redact: [...secrets, ...extraSecrets] };
  return {
    target,
    task,
    run: (command, o = {}) =>
      loggedRun(root, command, { ...log, ...(o.display ? { display: o.display } : {}) }, { stdin: o.stdin, timeoutMs: o.timeoutMs, ...(o.onOutput ? { onOutput: o.onOutput } : {}) }),
    quiet: (command) => root.run(command, { signal: task.signal, timeoutMs: 60_000 }),
    cli: () => (cli ??= d.routers.open(target, 'cli').transport),
    log,
    close: () => {
      root.close();
      cli?.close();
    },
  };
}

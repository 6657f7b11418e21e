// Long jobs from xrcl: the task's log goes to stderr as it comes, questions from the services
// are asked on the terminal (or refused with the way to answer them when there is none), and
// the command waits for the task to end.
import { createInterface } from 'node:readline/promises';
import { AppError } from '../../src-shared/errors';
import type { PromptAsked } from '../../src-shared/types/prompts';
import type { TaskSnapshot } from '../../src-shared/types/tasks';
import type { CliServices } from './cli-services';
import type { CliIo } from './cli-io';

/** Waits for a task to end; its log streams to stderr. Rejects with the task's error. */
export function followTask(cli: CliServices, taskId: string, io: CliIo): Promise<TaskSnapshot> {
  const hub = cli.services.hub;
  return new Promise((resolve, reject) => {
    const offLog = hub.on('task.log', (chunk) => {
      if (chunk.id === taskId) io.stderr(chunk.data.replace(/\r\n/g, '\n'));
    });
    const finish = (t: TaskSnapshot): void => {
      offLog();
      offUpdate();
      if (t.state === 'succeeded') resolve(t);
      else reject(t.error ? AppError.fromEnvelope(t.error) : new AppError(`${t.title} ${t.state}.`, { code: t.state.toUpperCase() }));
    };
    const offUpdate = hub.on('task.updated', (t) => {
      if (t.id === taskId && t.state !== 'running') finish(t);
    });
    // It may have ended before we listened.
    void cli.call('tasks.list').then((all) => {
      const t = all.find((x) => x.id === taskId);
      if (t && t.state !== 'running') finish(t);
    });
  });
}

/** Answers the services' questions on a terminal; without one, refuses them with the way out. */
export function answerPromptsOnTerminal(cli: CliServices, io: CliIo): () => void {
  const interactive = process.stdin.isTTY === true && process.stderr.isTTY === true;
  return cli.services.hub.on('prompt.asked', (p) => {
    void (interactive ? ask(p) : refuse(p)).catch(() => undefined);
  });

  async function refuse(p: PromptAsked): Promise<void> {
    const facts = Object.entries(p.details).map(([k, v]) => `  ${k}: ${v}`).join('\n');
    io.stderr(`${p.title}\n${p.message}\n${facts}\n${p.kind === 'hostKey' ? 'Not trusted: check the fingerprint, then trust it with `xrcl target test NAME --accept-new` (or pass --accept-new).' : 'No terminal to ask on.'}\n`);
    await cli.call('prompts.cancel', { id: p.id });
  }

  async function ask(p: PromptAsked): Promise<void> {
    const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
    try {
      io.stderr(`${p.title}\n${p.message}\n${Object.entries(p.details).map(([k, v]) => `  ${k}: ${v}`).join('\n')}\n`);
      if (p.kind === 'password') {
        // Hide what is typed: readline writes nothing back while muted.
        const out = rl as unknown as { _writeToOutput?: (s: string) => void };
        io.stderr('Password: ');
        out._writeToOutput = () => undefined;
        const value = await rl.question('');
        io.stderr('\n');
        await cli.call('prompts.answer', { id: p.id, value });
      } else {
        const a = (await rl.question(p.kind === 'hostKey' ? 'Trust this key? (yes/no) ' : 'Continue? (yes/no) ')).trim().toLowerCase();
        await cli.call('prompts.answer', { id: p.id, value: a === 'yes' || a === 'y' });
      }
    } finally {
      rl.close();
    }
  }
}

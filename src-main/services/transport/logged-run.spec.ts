// loggedRun over the real local transport and the real task manager.
import { describe, expect, it } from 'vitest';
import { EventHub } from '../events/event-hub';
import { TaskManager } from '../tasks/task-manager';
import { CommandRecorder, type CommandRecord } from './command-recorder';
import { LocalTransport } from './local-transport';
import { loggedRun } from './logged-run';
import { formatCommand } from '../exec/shell-quote';

const NODE = process.execPath;
const node = (code: string): string => formatCommand(NODE, ['-e', code]);

describe('loggedRun on this computer', () => {
  it('logs `$ command` and its output to the task, and records place, target, status and tail', async () => {
    const tasks = new TaskManager(new EventHub());
    const recorder = new CommandRecorder();
    const seen: CommandRecord[] = [];
    recorder.subscribe((r) => seen.push(r));
    const transport = new LocalTransport();
    const cmd = node('console.log("line one"); console.error("to stderr"); process.exit(4)');
    const { id, done } = tasks.start({
      title: 't',
      kind: 'k',
      run: (ctx) => loggedRun(transport, cmd, { task: ctx, recorder }),
    });
    const result = await done;
    expect(result.exitStatus).toBe(4);
    expect(result.output).toContain('line one\n');
    expect(result.output).toContain('to stderr\n');
    const log = tasks.logOf(id);
    expect(log.startsWith(`$ ${cmd}\r\n`)).toBe(true);
    expect(log).toContain('line one\r\n');
    expect(seen).toHaveLength(1);
    expect(recorder.list()[0]).toMatchObject({ place: 'this computer', target: 'this computer', command: cmd, exitStatus: 4 });
    expect(recorder.list()[0]!.outputTail).toContain('to stderr');
    expect(Date.parse(recorder.list()[0]!.startedAt)).not.toBeNaN();
    expect(recorder.list()[0]!.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('never shows a secret: command, output, record and error all carry <password>', async () => {
    const secret = `pa ss'"; $(id)`;
    const tasks = new TaskManager(new EventHub());
    const recorder = new CommandRecorder();
    const streamed: string[] = [];
    const cmd = formatCommand(NODE, ['-e', 'process.stdout.write(process.argv[1].split("").join("")); process.stdout.write("\\n")', secret]);
    const { id, done } = tasks.start({
      title: 't',
      kind: 'k',
      run: (ctx) => loggedRun(new LocalTransport(), cmd, { task: ctx, recorder, redact: [secret] }, { onOutput: (t) => streamed.push(t) }),
    });
    const r = await done;
    expect(r.output).toBe('<password>\n');
    const log = tasks.logOf(id);
    expect(log).not.toContain(secret);
    expect(log).toContain('<password>');
    expect(JSON.stringify(recorder.list())).not.toContain(secret);
    expect(recorder.list()[0]!.command).toContain('<password>');
    expect(streamed.join('')).not.toContain(secret);

    const failing = new LocalTransport({ cwd: '/nonexistent-folder' });
    const err = (await loggedRun(failing, cmd, { recorder, redact: [secret] }).then(
      () => { throw new Error("expected a failure"); },
      (e: unknown) => e,
    )) as Error & { command?: string };
    expect(err.message).not.toContain(secret);
    expect(err.command).toContain('<password>');
    expect(recorder.list()[1]).toMatchObject({ exitStatus: null });
  });

  it('cancelling the task stops the command and records it as unfinished', async () => {
    const tasks = new TaskManager(new EventHub());
    const recorder = new CommandRecorder();
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const { id, done } = tasks.start({
      title: 't',
      kind: 'k',
      run: (ctx) =>
        loggedRun(new LocalTransport(), node('console.log("up"); setTimeout(() => {}, 60000)'), { task: ctx, recorder }, { onOutput: () => started() }),
    });
    await running;
    tasks.cancel(id);
    await expect(done).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(recorder.list()[0]).toMatchObject({ exitStatus: null, error: 'Cancelled by the user.' });
  });

  it('a timeout is an AppError naming the command and the device', async () => {
    const err = await loggedRun(new LocalTransport(), node('setTimeout(() => {}, 60000)'), {}, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'TIMEOUT', device: 'this computer' });
  });
});

describe('LocalTransport', () => {
  it('says a missing program is missing, and refuses shell syntax instead of running it', async () => {
    const t = new LocalTransport();
    await expect(t.run('xrcl-no-such-program --version')).rejects.toMatchObject({ code: 'NOT_FOUND', device: 'this computer' });
    await expect(t.run('echo hi; rm -rf /tmp/x')).rejects.toMatchObject({ code: 'BAD_INPUT' });
    expect(await t.run(node('process.stdin.pipe(process.stdout)'), { stdin: 'piped "in"\n' })).toEqual({ output: 'piped "in"\n', exitStatus: 0 });
  });
});

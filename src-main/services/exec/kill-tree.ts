// Stops a child and everything it started. On POSIX the child leads its own process group
// (spawned detached), so one signal to -pid reaches grandchildren too: a shell script's
// `sleep` would otherwise keep the output pipes open long after the shell is gone.
// Windows has no signals: taskkill /T walks the tree; /F is the hard kill.
import { spawn, type ChildProcess } from 'node:child_process';
import { win32 } from 'node:path';

export type StopLevel = 'term' | 'kill';

export function stopProcessTree(child: ChildProcess, level: StopLevel, platform: NodeJS.Platform = process.platform): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (platform === 'win32') {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const args = ['/pid', String(pid), '/T', ...(level === 'kill' ? ['/F'] : [])];
    const tk = spawn(taskkillPath(process.env), args, { windowsHide: true, stdio: 'ignore' });
    tk.on('error', () => child.kill());
    return;
  }
  const signal = level === 'kill' ? 'SIGKILL' : 'SIGTERM';
  // The group outlives its leader while members remain, so signal it even after the exit.
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone, or the child was not a group leader.
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  }
}

/**
 * taskkill by its full path: a bare name would be looked up in the current folder and PATH
 * first, where any program called taskkill.exe could stand in for it.
 */
export function taskkillPath(env: NodeJS.ProcessEnv): string {
  const root = env.SystemRoot ?? env.SYSTEMROOT;
  const systemRoot = root && win32.isAbsolute(root) ? root : 'C:\\Windows';
  return win32.join(systemRoot, 'System32', 'taskkill.exe');
}

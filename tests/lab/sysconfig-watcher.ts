// XR on the Vagrant box and the NCS5500 restarts the docker daemon by itself a few seconds
// after /etc/sysconfig/docker is saved (xr-facts 2.2). Watch the directory, not the file, so
// editors that write a new file and rename it over the old one are seen too.
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface SysconfigWatcher {
  close(): void;
}

export function watchSysconfigDocker(
  path: string,
  restart: () => Promise<void>,
  debounceMs: number,
  log: (msg: string) => void,
): SysconfigWatcher {
  const read = (): string | null => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  };
  let applied = read();
  let timer: NodeJS.Timeout | undefined;
  let busy: Promise<void> = Promise.resolve();

  const check = (): void => {
    timer = undefined;
    busy = busy.then(async () => {
      const now = read();
      if (now === null || now === applied) return;
      applied = now;
      log(`${path} changed: restarting dockerd`);
      try {
        await restart();
      } catch (e) {
        log(`dockerd restart after ${path} change failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };

  const name = basename(path);
  const w: FSWatcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file !== name) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  });
  w.on('error', (e) => log(`watching ${path} failed: ${e.message}`));
  return {
    close() {
      if (timer) clearTimeout(timer);
      w.close();
    },
  };
}

// XR on the Vagrant box and the NCS5500 restarts the docker daemon by itself after
// /etc/sysconfig/docker is saved (xr-facts 2.2; 10 to 15 s until it answers again). Watch the
// directory, not the file, so editors that write a new file and rename it over the old one are
// seen too. `restart` gets the time of the last save it covers.
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

export interface SysconfigWatcher {
  close(): void;
}

export function watchSysconfigDocker(
  path: string,
  restart: (savedAt: number) => Promise<void>,
  debounceMs: number | (() => number),
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
  let savedAt = 0;
  let busy: Promise<void> = Promise.resolve();

  const check = (): void => {
    timer = undefined;
    busy = busy.then(async () => {
      const now = read();
      if (now === null || now === applied) return;
      applied = now;
      log(`${path} changed: restarting dockerd`);
      try {
        await restart(savedAt);
      } catch (e) {
        log(`dockerd restart after ${path} change failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
  };

  const name = basename(path);
  const w: FSWatcher = watch(dirname(path), (_event, file) => {
    if (file !== null && file !== name) return;
    if (timer) clearTimeout(timer);
    savedAt = Date.now();
    timer = setTimeout(check, typeof debounceMs === 'number' ? debounceMs : debounceMs());
  });
  w.on('error', (e) => log(`watching ${path} failed: ${e.message}`));
  return {
    close() {
      if (timer) clearTimeout(timer);
      w.close();
    },
  };
}

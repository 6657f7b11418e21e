import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_DIR_NAME = 'xr-container-lab';

/**
 * Where settings, known_hosts and topologies live. XRCL_HOME overrides it (tests point it at a
 * temp dir); otherwise the OS's usual per-user application folder.
 */
export function resolveDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.XRCL_HOME) return env.XRCL_HOME;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_DIR_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_DIR_NAME);
}

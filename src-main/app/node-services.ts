// The services as the Node front doors (the web host and xrcl) open them: the user's data
// folder (XRCL_HOME honoured), the settings store through conf, the app's version.
import Conf from 'conf';
import type { AppInfo } from '../../src-shared/types/app';
import type { KeyValueStore } from '../services/store/app-store';
import { resolveDataDir } from '../services/store/data-dir';
import { appVersion } from './app-version';
import { createServices, type AppServices } from './create-services';

export function openNodeServices(shell: Exclude<AppInfo['shell'], 'electron'>): { services: AppServices; dataDir: string } {
  const dataDir = resolveDataDir();
  const services = createServices({
    shell,
    version: appVersion(),
    dataDir,
    openStore: (options) => new Conf(options) as unknown as KeyValueStore,
  });
  return { services, dataDir };
}

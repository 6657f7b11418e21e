// The services behind xrcl: the same composition root, data folder (XRCL_HOME honoured) and
// settings store as the web host, reached through the same validated dispatcher.
import Conf from 'conf';
import type { MethodName, ParamsOf, ResultOf } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import { appVersion } from '../app/app-version';
import { createServices, type AppServices } from '../app/create-services';
import { createDispatcher } from '../bridge/dispatcher';
import type { KeyValueStore } from '../services/store/app-store';
import { resolveDataDir } from '../services/store/data-dir';

export interface CliServices {
  services: AppServices;
  dataDir: string;
  call<K extends MethodName>(name: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): Promise<ResultOf<K>>;
}

export function openCliServices(): CliServices {
  const dataDir = resolveDataDir();
  const services = createServices({
    shell: 'cli',
    version: appVersion(),
    dataDir,
    openStore: (options) => new Conf(options) as unknown as KeyValueStore,
  });
  const dispatch = createDispatcher(services.handlers);
  return {
    services,
    dataDir,
    async call(name, ...params) {
      const outcome = await dispatch(name, params[0]);
      if (!outcome.ok) throw AppError.fromEnvelope(outcome.error);
      return outcome.value as never;
    },
  };
}


// The services behind xrcl: the same composition root, data folder (XRCL_HOME honoured) and
// settings store as the web host, reached through the same validated dispatcher.
import type { MethodName, ParamsOf, ResultOf } from '../../src-shared/contract';
import { AppError } from '../../src-shared/errors';
import type { AppServices } from '../app/create-services';
import { openNodeServices } from '../app/node-services';
import { createDispatcher } from '../bridge/dispatcher';

export interface CliServices {
  services: AppServices;
  dataDir: string;
  call<K extends MethodName>(name: K, ...params: ParamsOf<K> extends void ? [] : [ParamsOf<K>]): Promise<ResultOf<K>>;
}

export function openCliServices(): CliServices {
  const { services, dataDir } = openNodeServices('cli');
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


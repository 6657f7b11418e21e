import type { HandlerGroup } from '../../../src-shared/contract';
import type { SettingsService } from './settings-service';

/** The contract's `settings.*` methods. */
export function settingsHandlers(settings: SettingsService): HandlerGroup<'settings'> {
  return {
    'settings.get': async () => settings.get(),
    'settings.update': async (patch) => settings.update(patch),
  };
}

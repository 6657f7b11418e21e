import { ipcMain, type BrowserWindow } from 'electron';
import { eventChannel, methodChannel, methodNames } from '../../src-shared/contract';
import { createDispatcher } from '../bridge/dispatcher';
import type { AppServices } from '../app/create-services';
import { APP_ORIGIN } from './app-protocol';

/**
 * Electron's bridge: one ipcMain handler per contract method (channel names come from the
 * contract), answering only the app's own page; every hub event is sent to the window.
 */
export function registerIpcBridge(services: AppServices, getWindow: () => BrowserWindow | null): () => void {
  const dispatch = createDispatcher(services.handlers);
  for (const name of methodNames) {
    ipcMain.handle(methodChannel(name), async (event, params: unknown) => {
      const frameUrl = event.senderFrame?.url ?? '';
      if (!frameUrl.startsWith(`${APP_ORIGIN}/`)) {
        return { ok: false, error: { name: 'BridgeError', message: 'Refused: not the app page.', code: 'FORBIDDEN' } };
      }
      return dispatch(name, params);
    });
  }
  const unsubscribe = services.hub.subscribe((name, payload) => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(eventChannel(name), payload);
  });
  return () => {
    unsubscribe();
    for (const name of methodNames) ipcMain.removeHandler(methodChannel(name));
  };
}

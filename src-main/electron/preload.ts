// Runs sandboxed in the renderer before the page: exposes exactly one object, window.api,
// that can only call the contract's methods and listen to its events.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventChannel, isEventName, isMethodName, methodChannel } from '../../src-shared/contract';

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

contextBridge.exposeInMainWorld('api', {
  async call(name: unknown, params?: unknown) {
    if (!isMethodName(name)) {
      throw { name: 'BridgeError', message: `Unknown method ${String(name)}`, code: 'UNKNOWN_METHOD' };
    }
    const outcome = (await ipcRenderer.invoke(methodChannel(name), params)) as Outcome;
    // A plain object crosses the context bridge intact; the renderer turns it into an AppError.
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  },
  on(name: unknown, listener: (payload: unknown) => void) {
    if (!isEventName(name) || typeof listener !== 'function') return () => undefined;
    const channel = eventChannel(name);
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => ipcRenderer.removeListener(channel, handler);
  },
});

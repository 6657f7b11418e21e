// The thin desktop layer: window, menu, protocol, IPC. Everything else is in the services,
// which run the same way under the web host.
import { app, BrowserWindow, Menu, session, shell } from 'electron';
import Store from 'electron-store';
import { fileURLToPath } from 'node:url';
import { createServices, type AppServices } from '../app/create-services';
import type { KeyValueStore } from '../services/store/app-store';
import { resolveDataDir } from '../services/store/data-dir';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './app-protocol';
import { registerIpcBridge } from './ipc-bridge';
import { buildMenu } from './app-menu';
import { allowedExternalUrl } from './external-links';
import { keychainSealer } from './safe-storage-sealer';

const here = (rel: string) => fileURLToPath(new URL(rel, import.meta.url));
let mainWindow: BrowserWindow | null = null;
let services: AppServices | null = null;

registerAppScheme();
if (!app.requestSingleInstanceLock()) app.quit();

app.on('second-instance', () => {
  if (mainWindow) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  }
});

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
  contents.on('will-navigate', (e, url) => {
    if (!url.startsWith(`${APP_ORIGIN}/`)) e.preventDefault();
  });
  // Only allow-listed https documentation links reach the system browser.
  contents.setWindowOpenHandler(({ url }) => {
    const external = allowedExternalUrl(url);
    if (external) void shell.openExternal(external);
    return { action: 'deny' };
  });
});

app.whenReady().then(() => {
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  serveRenderer(here('../renderer'));

  const dataDir = process.env.XRCL_HOME ? resolveDataDir() : app.getPath('userData');
  services = createServices({
    shell: 'electron',
    version: app.getVersion(),
    dataDir,
    openStore: (options) => new Store(options) as unknown as KeyValueStore,
    keychainSealer: keychainSealer(),
  });
  registerIpcBridge(services, () => mainWindow);
  Menu.setApplicationMenu(buildMenu());
  createWindow();

  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('before-quit', () => services?.dispose());

function createWindow(): void {
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 640,
    show: false,
    title: 'XR Container Lab',
    webPreferences: {
      preload: here('./preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
  void mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

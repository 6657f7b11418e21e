// The emulated IOS-XR CLI (SSH on port 22 of the practice router). The lab supervisor
// starts it in-process inside the router's namespaces.
// Interface first so the supervisor can integrate while the emulation is completed.

export type XrPlatform = 'vagrant' | 'ncs5500' | 'asr9k';

export interface XrCliOptions {
  listen: { host: string; port: number }; // port 0 allowed in tests (report the real one)
  hostKeys: string[]; // private keys as text (ssh-keygen output: OpenSSH or PEM)
  platform: XrPlatform;
  hostname: string; // ios, ncs5508, asr9k
  authenticate(user: string, password: string): boolean;
  stateFile: string; // JSON file where the committed running-config lives (survives restarts)
  shell: { file: string; args: string[]; env: Record<string, string>; cwd: string }; // how `bash`/`run` start a root shell
}

export interface XrCliServer {
  port: number;
  close(): Promise<void>;
  dropConnections(): void;
  setHostKeys(keys: string[]): Promise<void>;
}

export async function startXrCli(opts: XrCliOptions): Promise<XrCliServer> {
  void opts;
  throw new Error('xr-cli: not implemented yet');
}

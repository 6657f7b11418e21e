// The Routers form as plain data: what the fields hold, their defaults per platform, and how
// they become the service's input. Checks that need the service (names in use, host syntax)
// come back from it as errors with their fix.
import type { Target, TargetInput, TargetPlatform } from '../../src-shared/types/targets';

export interface RouterFormFields {
  name: string;
  platform: TargetPlatform;
  host: string;
  cliPort: string;
  shellPort: string;
  user: string;
  password: string;
  shellUser: string;
  shellPassword: string;
  jump: string;
}

export const platformLabels: Record<TargetPlatform, string> = {
  ncs5500: 'NCS5500 (docker in the host layer)',
  asr9k: 'ASR9k (docker in the XR VM)',
  vagrant: 'IOS-XRv Vagrant box',
  devbox: 'Devbox (Linux with Docker)',
};

export function defaultPortsFor(platform: TargetPlatform): { cliPort: string; shellPort: string } {
  if (platform === 'devbox') return { cliPort: '', shellPort: '22' };
  if (platform === 'vagrant') return { cliPort: '2223', shellPort: '2222' };
  return { cliPort: '22', shellPort: '57722' };
}

export function emptyFields(platform: TargetPlatform = 'ncs5500'): RouterFormFields {
  const user = platform === 'vagrant' || platform === 'devbox' ? 'vagrant' : '';
  return { name: '', platform, host: platform === 'vagrant' ? '127.0.0.1' : '', ...defaultPortsFor(platform), user, password: '', shellUser: '', shellPassword: '', jump: '' };
}

export function fieldsOf(t: Target): RouterFormFields {
  return {
    name: t.name,
    platform: t.platform,
    host: t.host,
    cliPort: t.cliPort === null ? '' : String(t.cliPort),
    shellPort: String(t.shellPort),
    user: (t.cli ?? t.shell)?.user ?? '',
    password: '',
    shellUser: t.cli && t.shell && t.shell.user !== t.cli.user ? t.shell.user : '',
    shellPassword: '',
    jump: t.jump ?? '',
  };
}

/** A port field: empty means "the default"; anything else must be a whole number. */
function port(text: string, what: string): number | undefined {
  const t = text.trim();
  if (!t) return undefined;
  if (!/^\d+$/.test(t)) throw new Error(`The ${what} port must be a number.`);
  return Number(t);
}

export function inputOf(f: RouterFormFields): TargetInput {
  const isDevbox = f.platform === 'devbox';
  const cliPort = isDevbox ? undefined : port(f.cliPort, 'XR CLI');
  const shellPort = port(f.shellPort, isDevbox ? 'SSH' : 'XR shell');
  return {
    name: f.name.trim(),
    platform: f.platform,
    host: f.host.trim(),
    user: f.user.trim(),
    ...(cliPort !== undefined ? { cliPort } : {}),
    ...(shellPort !== undefined ? { shellPort } : {}),
    ...(!isDevbox && f.shellUser.trim() ? { shellUser: f.shellUser.trim() } : {}),
    ...(f.jump ? { jump: f.jump } : {}),
  };
}

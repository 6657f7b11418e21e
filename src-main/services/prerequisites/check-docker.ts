// A Docker engine on this computer builds and saves images (tarballs) and runs a private
// registry; the practice lab needs Docker's binaries. A missing docker fails; the catalog makes
// it advised (a warning) on the paths that can do without it. An engine that is installed but
// not reachable only warns: the practice lab runs its own.
import { commandCheck } from './command-check';
import { firstLine } from './format-units';
import { fixFor, type CommandOutcome, type FixByOs, type Verdict } from './prereq-types';

export const INSTALL_DOCKER: FixByOs = {
  linux: 'Install Docker: `sudo apt install docker.io` (Debian/Ubuntu), then `sudo systemctl enable --now docker`.',
  darwin: 'Install Docker Desktop: `brew install --cask docker`, or from https://www.docker.com/products/docker-desktop/ ; then start it.',
  win32: 'Install Docker Desktop: `winget install Docker.DockerDesktop`, then start it from the Start menu.',
};

const START_ENGINE: FixByOs = {
  linux: 'Start the engine: `sudo systemctl start docker` (and `sudo systemctl enable docker` to start it at boot).',
  darwin: 'Start Docker Desktop (`open -a Docker`) and wait until it says the engine is running.',
  win32: 'Start Docker Desktop from the Start menu and wait until it says the engine is running.',
};

const PERMISSION_FIX: FixByOs = {
  linux: 'Add yourself to the docker group: `sudo usermod -aG docker $USER`, then log out and back in.',
  darwin: 'Restart Docker Desktop; if it persists, reset its settings (Troubleshoot > Reset to factory defaults).',
  win32: 'Make sure your account is in the docker-users group (`net localgroup docker-users <you> /add` as administrator), then sign out and in.',
};

/**
 * A one-line template instead of the full JSON: the user sees (and could type) a command whose
 * output reads at a glance. The engine part is left out when the client cannot reach it.
 */
export const DOCKER_VERSION_FORMAT =
  'client {{.Client.Version}} {{.Client.Os}}/{{.Client.Arch}}{{with .Server}}; engine {{.Version}} {{.Os}}/{{.Arch}}{{end}}';

export interface DockerSide {
  version: string;
  os: string;
  arch: string;
}

/** Reads `client V os/arch[; engine V os/arch]` as printed with DOCKER_VERSION_FORMAT. */
export function parseDockerVersionLine(stdout: string): { client?: DockerSide; server?: DockerSide } {
  const side = (label: string): DockerSide | undefined => {
    const m = new RegExp(`\\b${label} (\\S+) ([^/\\s;]+)/([^\\s;]+)`).exec(stdout);
    return m ? { version: m[1]!, os: m[2]!, arch: m[3]! } : undefined;
  };
  const client = side('client');
  const server = side('engine');
  return { ...(client ? { client } : {}), ...(server ? { server } : {}) };
}

export const dockerCheck = commandCheck({
  id: 'docker',
  title: 'Docker engine',
  why: 'A local Docker engine builds and saves images and runs a private registry; only the Docker Hub path can do without it.',
  timeoutMs: 20_000,
  commands: () => [{ file: 'docker', args: ['version', '--format', DOCKER_VERSION_FORMAT] }],
  interpret(o: CommandOutcome, platform): Verdict {
    if (o.notFound) {
      return {
        status: 'fail',
        value: 'not found',
        message: 'The docker command was not found. Images from Docker Hub can still be pulled on the router; building tarballs, a private registry and the practice router lab need Docker here.',
        fix: fixFor(platform, INSTALL_DOCKER),
      };
    }
    const info = parseDockerVersionLine(o.stdout);
    const client = info.client?.version;
    const server = info.server?.version;
    if (client !== undefined && server !== undefined) {
      const value = `Docker ${client} (engine ${server})`;
      if (info.server?.os === 'windows') {
        return {
          status: 'warn',
          value: `${value}, Windows containers`,
          message: 'Docker Desktop is in Windows containers mode; images for IOS-XR are Linux images.',
          fix: 'Right-click the Docker icon in the taskbar and choose "Switch to Linux containers...".',
        };
      }
      return { status: 'pass', value, message: 'The Docker engine is running and reachable.' };
    }
    const reason = firstLine(o.stderr) || firstLine(o.stdout) || `exit code ${o.exitCode ?? 'none'}`;
    const clientValue = client !== undefined ? `Docker ${client} client, engine unreachable` : 'engine unreachable';
    if (/permission denied/i.test(o.stderr)) {
      return {
        status: 'warn',
        value: clientValue,
        message: `The docker client is installed but is not allowed to talk to the engine: ${reason}`,
        fix: fixFor(platform, PERMISSION_FIX),
      };
    }
    if (/cannot connect to the docker daemon|daemon is not running|error during connect|cannot find the file specified/i.test(o.stderr)) {
      return {
        status: 'warn',
        value: clientValue,
        message: `The docker client is installed but the engine is not running: ${reason}`,
        fix: fixFor(platform, START_ENGINE),
      };
    }
    return {
      status: 'warn',
      value: clientValue,
      message: `\`docker version\` did not reach the engine: ${reason}`,
      fix: `Run \`docker version\` in a terminal and fix what it reports. ${fixFor(platform, START_ENGINE)}`,
    };
  },
});

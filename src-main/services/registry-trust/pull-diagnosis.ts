// What a failed `docker pull` (or login, or the trust check) on the router means, and the fix:
// the messages Docker prints when a registry is not trusted yet, its certificate names another
// host, or the router cannot reach it. Unknown failures keep Docker's own words.
import { AppError } from '../../../src-shared/errors';

export interface DiagnosisContext {
  /** host:port of the registry, when the reference names one. */
  hostPort: string | null;
  /** The router, for the message and the fix commands. */
  target: string;
  /** What was run, for the error. */
  command: string;
  /** The registry's name in the app, when known (for the trust command in the fix). */
  registry?: string;
}

export type DiagnosisCode =
  | 'REGISTRY_HTTP_ONLY'
  | 'REGISTRY_CA_UNTRUSTED'
  | 'REGISTRY_CERT_NAME'
  | 'REGISTRY_NAME_UNKNOWN'
  | 'REGISTRY_UNREACHABLE'
  | 'REGISTRY_LOGIN_NEEDED'
  | 'REGISTRY_LOGIN_REFUSED'
  | 'IMAGE_NOT_FOUND'
  | 'DOCKER_DOWN'
  | 'PULL_FAILED';

/** The code of a known failure in Docker's output, or null when it is not one we know. */
export function failureCode(output: string): DiagnosisCode | null {
  if (/server gave HTTP response to HTTPS client/i.test(output)) return 'REGISTRY_HTTP_ONLY';
  if (/x509: certificate is valid for|certificate is not valid for any names|doesn't contain any IP SANs/i.test(output)) return 'REGISTRY_CERT_NAME';
  if (/x509: certificate signed by unknown authority|certificate has expired|x509:/i.test(output)) return 'REGISTRY_CA_UNTRUSTED';
  if (/Cannot connect to the Docker daemon|Is the docker daemon running/i.test(output)) return 'DOCKER_DOWN';
  // Without a name server the lookup itself is refused: still a name problem, not the registry's.
  if (/no such host|server misbehaving|Temporary failure in name resolution|dial tcp: lookup \S+/i.test(output)) return 'REGISTRY_NAME_UNKNOWN';
  if (/connection refused|i\/o timeout|timed out|no route to host|network is unreachable|Client\.Timeout/i.test(output)) return 'REGISTRY_UNREACHABLE';
  if (/incorrect username or password|unauthorized: authentication required.*login attempt|401 Unauthorized/i.test(output) && /login/i.test(output)) return 'REGISTRY_LOGIN_REFUSED';
  if (/no basic auth credentials|unauthorized|authentication required|denied: requested access/i.test(output)) return 'REGISTRY_LOGIN_NEEDED';
  if (/manifest unknown|not found|repository does not exist|name unknown/i.test(output)) return 'IMAGE_NOT_FOUND';
  return null;
}

/** The AppError a user sees for a failed registry command on the router, with the fix. */
export function diagnose(output: string, c: DiagnosisContext): AppError {
  const code = failureCode(output) ?? 'PULL_FAILED';
  const where = c.hostPort ?? 'the registry';
  const trust = c.registry ? `xrcl registry trust ${c.registry} --target ${c.target}` : `the Registries page's "Trust on router"`;
  const detail = output.trim().slice(-2000);
  const say = (message: string, fix: string): AppError => new AppError(message, { code, device: c.target, command: c.command, detail, fix });
  switch (code) {
    case 'REGISTRY_HTTP_ONLY':
      return say(
        `${where} speaks plain HTTP, and the docker daemon on ${c.target} does not treat it as an insecure registry (yet).`,
        `Add " --insecure-registry ${where}" to DOCKER_OPTS in /etc/sysconfig/docker on the router (${trust} does it). If that is done, the daemon has not restarted with it yet: on ASR9k run \`service docker restart\`; on NCS5500 and the Vagrant box wait 10-15 s after the save.`,
      );
    case 'REGISTRY_CA_UNTRUSTED':
      return say(
        `The docker daemon on ${c.target} does not trust the certificate of ${where} (signed by an authority it does not know).`,
        `Put the registry's CA certificate in /etc/docker/certs.d/${where}/ca.crt on the router (${trust} does it). Just placed? On NCS5500 and the Vagrant box it reaches the daemon's host layer 5-10 s later.`,
      );
    case 'REGISTRY_CERT_NAME': {
      const valid = /certificate is valid for ([^\n]*?), not ([^\s"]+)/i.exec(output);
      const names = valid ? ` It is valid for ${valid[1]}, not ${valid[2]}.` : '';
      return say(
        `The certificate of ${where} is not made out to the name the router uses.${names}`,
        `Use a registry name the certificate holds (its subject alternative names), or make the registry's certificate again with ${c.hostPort ? c.hostPort.replace(/:\d+$/, '') : 'the name the router uses'} among its SANs.`,
      );
    }
    case 'REGISTRY_NAME_UNKNOWN':
      return say(
        `${c.target} cannot resolve the registry's name ${where}.`,
        `Add "ADDRESS ${c.hostPort ? c.hostPort.replace(/:\d+$/, '') : 'NAME'}" to /etc/netns/global-vrf/hosts on the router (${trust} does it when the registry has an address), or use its address.`,
      );
    case 'REGISTRY_UNREACHABLE':
      return say(
        `${c.target} cannot reach ${where} (connection refused or timed out).`,
        'Check that the registry runs and listens on that address and port, that the router has a route to it (`ip route` in the XR shell), and, when it is reached through a data port, that `tpa address-family ipv4 update-source <interface>` names the port facing it.',
      );
    case 'REGISTRY_LOGIN_REFUSED':
      return say(`${where} refused the user name or password.`, 'Check the login saved for this registry (Registries page, or xrcl registry add with --user and --password-stdin), then log in again.');
    case 'REGISTRY_LOGIN_NEEDED':
      return say(
        `${where} asks for a login that the docker daemon on ${c.target} does not have.`,
        c.registry ? `Log the router in first: xrcl registry login ${c.registry} --target ${c.target} (docker login --password-stdin over the session).` : 'Log the router in to the registry first (docker login --password-stdin).',
      );
    case 'IMAGE_NOT_FOUND':
      return say(`${where} has no such image.`, 'Check the repository and tag (xrcl registry tags NAME lists them), or push the image first.');
    case 'DOCKER_DOWN':
      return say(`The docker daemon on ${c.target} does not answer.`, 'It may be restarting after a change of /etc/sysconfig/docker: wait a little. Otherwise start it in the XR shell as root: `service docker start`.');
    default:
      return say(`\`${c.command}\` failed on ${c.target}.`, "Read Docker's message in the detail.");
  }
}

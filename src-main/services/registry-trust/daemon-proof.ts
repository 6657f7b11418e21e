// Proof that the router's running docker daemon uses a registry setting, not just that a file
// says so: `docker info` listing an insecure registry (after the restart the platform needs), or
// a pull through the daemon getting past the TLS handshake. Waits poll the daemon, never sleep
// a fixed time: the automatic restart takes 10-15 s, certs.d reaches the host layer in 5-10 s.
import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../../src-shared/errors';
import type { TargetPlatform } from '../../../src-shared/types/targets';
import type { TransportResult } from '../transport/transport';
import { insecureRegistriesFromInfo } from './docker-info';
import { diagnose, failureCode, type DiagnosisCode } from './pull-diagnosis';
import type { RouterSession } from './router-session';

export interface DaemonProof {
  restarted: boolean;
  proof: string;
}

/** A repository no one pushes: pulling it proves the TLS handshake, whatever the registry holds. */
const PROBE_REPOSITORY = 'xrcl/trust-check:probe';
/** Answers that can only come after a trusted TLS handshake. */
const TRUSTED_ANSWERS: ReadonlySet<DiagnosisCode> = new Set(['IMAGE_NOT_FOUND', 'REGISTRY_LOGIN_NEEDED']);

/** The running daemon lists the registry as insecure; restarts it where the router does not. */
export async function proveInsecureLive(
  s: RouterSession,
  o: { hostPort: string; platform: TargetPlatform; flagChanged: boolean; timeoutMs: number },
): Promise<DaemonProof> {
  const { hostPort } = o;
  const listed = async (): Promise<boolean> => insecureRegistriesFromInfo((await s.quiet('docker info')).output)?.includes(hostPort) ?? false;
  let restarted = false;
  if (!(await listed())) {
    restarted = true;
    if (o.platform === 'asr9k' || !o.flagChanged) {
      // ASR9k never restarts by itself; elsewhere the file was already right but the daemon still runs without it.
      const r = await s.run('service docker restart', { timeoutMs: 120_000 });
      if (r.exitStatus !== 0) {
        throw new AppError(`The docker daemon on ${s.target} did not restart.`, { code: 'TRUST_NOT_LIVE', device: s.target, command: 'service docker restart', detail: r.output, fix: 'Run `service docker restart` as root in the XR shell and read its output.' });
      }
    } else {
      s.task.log(`# ${s.target} restarts the docker daemon by itself after the save (10-15 s); waiting until docker info lists ${hostPort}\r\n`);
    }
    await pollUntil(listed, s, o.timeoutMs, `the docker daemon on ${s.target} to list ${hostPort} as an insecure registry`, {
      code: 'TRUST_NOT_LIVE',
      fix: `The file has the flag but the daemon does not use it: run \`service docker restart\` as root in the XR shell, then \`docker info\` should list ${hostPort} under Insecure Registries.`,
    });
  }
  const info = await s.run('docker info');
  if (!insecureRegistriesFromInfo(info.output)?.includes(hostPort)) {
    throw new AppError(`docker info on ${s.target} does not list ${hostPort}.`, { code: 'TRUST_NOT_LIVE', device: s.target, command: 'docker info', detail: info.output.slice(-2000), fix: 'Run `service docker restart` as root in the XR shell and check again.' });
  }
  return { restarted, proof: `docker info on ${s.target} lists ${hostPort} under Insecure Registries` };
}

/** A pull through the daemon gets past the TLS handshake (the CA may take 5-10 s to reach the host layer). */
export async function proveTlsLive(
  s: RouterSession,
  o: { hostPort: string; registry: string; nameAdded: boolean; timeoutMs: number },
): Promise<DaemonProof> {
  const probe = `docker pull ${o.hostPort}/${PROBE_REPOSITORY}`;
  const verdict = (r: TransportResult): 'trusted' | 'wait' | 'failed' => {
    if (r.exitStatus === 0) return 'trusted';
    const code = failureCode(r.output);
    if (code && TRUSTED_ANSWERS.has(code)) return 'trusted';
    // Go's resolver keeps the hosts file for 5 s: a name just added may not resolve at once.
    const named = code === 'REGISTRY_NAME_UNKNOWN' && o.nameAdded;
    return code === 'REGISTRY_CA_UNTRUSTED' || code === 'DOCKER_DOWN' || named ? 'wait' : 'failed';
  };
  const why = { hostPort: o.hostPort, target: s.target, command: probe, registry: o.registry };
  let last = await s.quiet(probe);
  if (verdict(last) === 'wait') {
    s.task.log(`# waiting for the docker daemon on ${s.target} to trust ${o.hostPort} (ca.crt reaches the host layer 5-10 s after it is placed; a new hosts line is read within 5 s)\r\n`);
    await pollUntil(
      async () => {
        last = await s.quiet(probe);
        if (verdict(last) === 'failed') throw diagnose(last.output, why);
        return verdict(last) === 'trusted';
      },
      s,
      o.timeoutMs,
      `the docker daemon on ${s.target} to trust ${o.hostPort}`,
      null,
    ).catch((err: unknown) => {
      if (err instanceof AppError && err.code === 'WAIT_TIMEOUT') throw diagnose(last.output, why);
      throw err;
    });
  } else if (verdict(last) === 'failed') {
    throw diagnose(last.output, why);
  }
  const r = await s.run(probe, { display: `${probe}  # a TLS handshake through the daemon: "not found" means it trusts the registry` });
  if (verdict(r) !== 'trusted') throw diagnose(r.output, why);
  const answer = /(manifest unknown|not found|no basic auth credentials|unauthorized)/i.exec(r.output)?.[1] ?? 'ok';
  return { restarted: false, proof: `docker pull on ${s.target} completed the TLS handshake with ${o.hostPort} (the registry answered "${answer}")` };
}

/** Polls once a second until `probe` holds (a thrown error ends the wait), or times out. */
async function pollUntil(probe: () => Promise<boolean>, s: RouterSession, timeoutMs: number, what: string, onTimeout: { code: string; fix: string } | null): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return;
    if (Date.now() >= deadline) {
      throw new AppError(`Timed out waiting for ${what}.`, { code: onTimeout?.code ?? 'WAIT_TIMEOUT', device: s.target, fix: onTimeout?.fix ?? 'Try again.' });
    }
    await sleep(1000, undefined, { signal: s.task.signal });
  }
}

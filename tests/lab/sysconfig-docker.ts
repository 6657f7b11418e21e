// /etc/sysconfig/docker as the router ships it. The lab's service script sources this file
// with bash and glues $DOCKER_OPTS straight onto its last built-in dockerd flag, exactly the
// trap XR's own comments warn about: without the leading space the flag is corrupted and the
// daemon does not start.

export const SYSCONFIG_DOCKER = `# Extra options for the docker daemon of this router (read when the daemon starts).
#
# Use DOCKER_OPTS to add private registries the daemon may reach without TLS, e.g.
#   DOCKER_OPTS=" --insecure-registry host1:5000 --insecure-registry host2:5000"
#
# The value is appended directly to the daemon's built-in options, so always keep a
# space at the start of it. Both forms below are valid:
#   DOCKER_OPTS="<space>--insecure-registry<space>host1:5000"
#   DOCKER_OPTS+="<space>--insecure-registry<space>host2:5000"

DOCKER_OPTS=""
`;

/** dockerd's pid file: in the lab dir, which both XR's view and the host layer see. */
export function dockerPidfile(labDir: string): string {
  return `${labDir}/docker/docker.pid`;
}

/**
 * dockerd's built-in options for a lab host; the service script appends $DOCKER_OPTS to the last
 * one. `socket` is the in-lab socket: /misc/app_host/docker.sock on routers (found through root's
 * DOCKER_HOST, as on XR), the default /run/docker.sock on the devbox. The lab dir's docker.sock
 * is for the host side and the lab's own scripts.
 */
export function builtInDockerdArgs(o: {
  labDir: string;
  cgroupParent: string;
  index: number;
  socket: string;
}): string[] {
  return [
    '--data-root', `${o.labDir}/docker/data`,
    '--exec-root', `${o.labDir}/docker/exec`,
    '--pidfile', dockerPidfile(o.labDir),
    '-H', `unix://${o.socket}`,
    '-H', `unix://${o.labDir}/docker.sock`,
    '--cgroup-parent', o.cgroupParent,
    // Short, so `down` and restarts do not wait on containers that ignore SIGTERM.
    '--shutdown-timeout', '2',
    // Networks created on the router stay inside 198.19.0.0/16 too (never the 172.x defaults).
    '--default-address-pool', `base=198.19.${o.index + 128}.0/24,size=28`,
    '--bip', `198.19.${o.index}.1/24`,
  ];
}

// The commands an XR shell has that a Debian one does not: `service` (sshd_operns, docker,
// with XR's wording), `netns_identify`, and XR's interactive `adduser`. They are written as
// bash scripts into the lab dir and mounted over /usr/local/sbin (and /usr/sbin/service,
// /usr/sbin/adduser) inside the lab host, so every shell there finds them.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupNameOf, XR_SHELL_PORT, type LabConfig } from './lab-config.js';
import { quoteArg as shq } from '../../src-main/services/exec/shell-quote.js';
import { builtInDockerdArgs, dockerPidfile } from './sysconfig-docker.js';
import { dockerInHostLayer, hostLayerRoot, ROUTER_DOCKER_SOCKET } from './router-filesystem.js';

export const SSHD_PIDFILE = '/run/sshd_operns.pid';
export const DEVBOX_SSHD_PIDFILE = '/run/sshd.pid';

export function sbinDir(labDir: string): string {
  return join(labDir, 'sbin');
}
export function sshdDir(labDir: string): string {
  return join(labDir, 'sshd');
}

function serviceScript(c: LabConfig): string {
  const router = c.role === 'router';
  const dockerd = builtInDockerdArgs({
    labDir: c.labDir,
    cgroupParent: cgroupNameOf(c.name),
    index: c.index,
    socket: router ? ROUTER_DOCKER_SOCKET : '/run/docker.sock',
  });
  // vagrant/ncs5500: dockerd runs in the host layer (its own mount namespace and root).
  const launch = dockerInHostLayer(c)
    ? `unshare --mount --propagation slave -- /usr/local/sbin/xrcl-host-layer ${shq(hostLayerRoot(c.labDir))} `
    : '';
  return `#!/bin/bash
# service <name> start|stop|restart|status, for this lab host.
set -f
LAB_DIR=${shq(c.labDir)}
ROLE=${shq(c.role)}
MGMT_IF=${shq(c.interface)}
DOCKERD_ARGS=(${dockerd.map((a) => shq(a)).join(' ')})
SSHD_CONFIG=${shq(join(sshdDir(c.labDir), 'sshd_config'))}
SSHD_KEYS=${shq(join(sshdDir(c.labDir), 'keys'))}
SSHD_PIDFILE=${shq(router ? SSHD_PIDFILE : DEVBOX_SSHD_PIDFILE)}
CONTAINERD_PIDFILE="$LAB_DIR/docker/exec/containerd/containerd.pid"
DOCKER_PIDFILE=${shq(dockerPidfile(c.labDir))}

if [ "$(id -u)" != 0 ]; then
  echo "service: you must be root (use sudo -i)" >&2
  exit 1
fi

# A zombie is gone for our purposes (this machine's init may reap orphans late).
pid_alive() {
  local s
  [ -n "$1" ] && kill -0 "$1" 2>/dev/null || return 1
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=\${s##*) }
  [ "\${s%% *}" != Z ]
}
pid_from() { [ -r "$1" ] && head -c 32 "$1" 2>/dev/null | tr -dc 0-9; }
running_pid() { local p; p=$(pid_from "$1"); pid_alive "$p" && echo "$p"; }
docker_ping() { docker -H "unix://$LAB_DIR/docker.sock" version --format '{{.Server.Version}}' >/dev/null 2>&1; }
# XR-style timestamp, e.g. "Mon Mar 6 06:21:53 UTC 2017".
stamp() { date -u '+%a %b %-d %H:%M:%S UTC %Y'; }
operns() { echo "$(stamp) /etc/init.d/sshd_operns: $*"; }

wait_gone() {
  local p=$1 i
  for ((i = 0; i < 150; i++)); do pid_alive "$p" || return 0; sleep 0.1; done
  kill -KILL "$p" 2>/dev/null
  return 0
}

docker_status() {
  local p; p=$(running_pid "$DOCKER_PIDFILE")
  if [ -n "$p" ]; then echo "docker start/running, process $p"; else echo "docker stop/waiting"; return 3; fi
}

docker_start() {
  local p opts last i
  p=$(running_pid "$DOCKER_PIDFILE")
  if [ -n "$p" ]; then echo "docker start/running, process $p"; return 0; fi
  opts=$(DOCKER_OPTS=""; if [ -r /etc/sysconfig/docker ]; then . /etc/sysconfig/docker >/dev/null 2>&1; fi; printf '%s' "$DOCKER_OPTS")
  last=$((\${#DOCKERD_ARGS[@]} - 1))
  echo "=== $(date -u '+%FT%TZ') service docker start, DOCKER_OPTS=\\"$opts\\"" >>"$LAB_DIR/dockerd.log"
  # As on XR: DOCKER_OPTS is glued to the last built-in option (hence the leading space).
  setsid ${launch}/usr/sbin/dockerd "\${DOCKERD_ARGS[@]:0:$last}" \${DOCKERD_ARGS[$last]}$opts </dev/null >>"$LAB_DIR/dockerd.log" 2>&1 &
  p=$!
  for ((i = 0; i < 300; i++)); do
    if ! pid_alive "$p"; then
      echo "docker: the daemon exited while starting; last lines of $LAB_DIR/dockerd.log:" >&2
      tail -n 3 "$LAB_DIR/dockerd.log" >&2
      echo "docker stop/waiting"
      return 1
    fi
    if docker_ping; then echo "docker start/running, process $p"; return 0; fi
    sleep 0.1
  done
  echo "docker: the daemon did not answer within 30 s (see $LAB_DIR/dockerd.log)" >&2
  return 1
}

docker_stop() {
  local p c
  p=$(running_pid "$DOCKER_PIDFILE")
  c=$(running_pid "$CONTAINERD_PIDFILE")
  if [ -n "$p" ]; then kill -TERM "$p" 2>/dev/null; wait_gone "$p"; fi
  # dockerd stops its own containerd; if it was killed instead, do not leave containerd behind.
  if [ -n "$c" ] && pid_alive "$c"; then kill -TERM "$c" 2>/dev/null; wait_gone "$c"; fi
  rm -f "$DOCKER_PIDFILE"
  echo "docker stop/waiting"
}

sshd_keys() {
  local t f
  mkdir -p "$SSHD_KEYS"
  for t in rsa ecdsa ed25519; do
    f="$SSHD_KEYS/ssh_host_\${t}_key"
    if [ ! -s "$f" ]; then
      rm -f "$f" "$f.pub"
      echo "  generating ssh \${t^^} key..."
      ssh-keygen -q -t "$t" -N '' -C '' -f "$f" </dev/null >/dev/null || return 1
    fi
  done
}

sshd_start() {
  local i p
  mkdir -p /run/sshd && chmod 0755 /run/sshd
  /usr/sbin/sshd -f "$SSHD_CONFIG" -E "$LAB_DIR/sshd.log" || return 1
  for ((i = 0; i < 100; i++)); do
    p=$(running_pid "$SSHD_PIDFILE")
    [ -n "$p" ] && return 0
    sleep 0.05
  done
  echo "sshd did not start (see $LAB_DIR/sshd.log)" >&2
  return 1
}

sshd_stop() {
  local p; p=$(running_pid "$SSHD_PIDFILE")
  if [ -n "$p" ]; then kill -TERM "$p"; wait_gone "$p"; fi
  rm -f "$SSHD_PIDFILE"
}

operns_start() {
  local i p
  operns "Waiting for OPERNS interface creation..."
  operns "Press ^C to stop if needed."
  for ((i = 0; i < 100; i++)); do ip link show "$MGMT_IF" >/dev/null 2>&1 && break; sleep 0.1; done
  operns "Found nic, $MGMT_IF"
  operns "Waiting for OPERNS management interface creation..."
  operns "Found nic, $MGMT_IF"
  operns "OPERNS is ready"
  p=$(running_pid "$SSHD_PIDFILE")
  if [ -n "$p" ]; then operns "sshd_operns is already running"; return 0; fi
  operns "Start sshd_operns"
  echo "Starting OpenBSD Secure Shell server: sshd"
  sshd_keys || return 1
  sshd_start
}

operns_status() {
  local p; p=$(running_pid "$SSHD_PIDFILE")
  if [ -n "$p" ]; then echo "sshd_operns (pid $p) is running..."; else echo "sshd_operns is stopped"; return 3; fi
}

name=\${1-}
action=\${2-}
case "$name:$action" in
  docker:start) docker_start ;;
  docker:stop) docker_stop ;;
  docker:restart) docker_stop; docker_start ;;
  docker:status) docker_status ;;
${
  router
    ? `  sshd_operns:start) operns_start ;;
  sshd_operns:stop) echo "Stopping OpenBSD Secure Shell server: sshd"; sshd_stop ;;
  sshd_operns:restart) sshd_stop; operns_start ;;
  sshd_operns:status) operns_status ;;`
    : `  ssh:start|sshd:start) echo "Starting OpenBSD Secure Shell server: sshd"; sshd_keys >/dev/null && sshd_start ;;
  ssh:stop|sshd:stop) echo "Stopping OpenBSD Secure Shell server: sshd"; sshd_stop ;;
  ssh:restart|sshd:restart) sshd_stop; sshd_keys >/dev/null && sshd_start ;;
  ssh:status|sshd:status) p=$(running_pid "$SSHD_PIDFILE"); if [ -n "$p" ]; then echo "sshd is running."; else echo "sshd is not running"; exit 3; fi ;;`
}
  :*) echo "Usage: service <name> start|stop|restart|status" >&2; exit 1 ;;
  *:start|*:stop|*:restart|*:status) echo "$name: unrecognized service" >&2; exit 1 ;;
  *) echo "Usage: service $name start|stop|restart|status" >&2; exit 1 ;;
esac
`;
}

const NETNS_IDENTIFY = `#!/bin/bash
# netns_identify <pid>: the names under /run/netns of the network namespace <pid> is in.
pid=\${1-}
if [ -z "$pid" ]; then echo "usage: netns_identify <pid>" >&2; exit 1; fi
target=$(stat -L -c %i "/proc/$pid/ns/net" 2>/dev/null) || { echo "netns_identify: no such process: $pid" >&2; exit 1; }
found=0
for n in tpnns global-vrf $(ls /run/netns 2>/dev/null); do
  case " $seen " in *" $n "*) continue ;; esac
  seen="$seen $n"
  if [ "$(stat -L -c %i "/run/netns/$n" 2>/dev/null)" = "$target" ]; then echo "$n"; found=1; fi
done
[ "$found" = 1 ]
`;

// XR's adduser asks its questions one by one (xr-facts 1.5), prints a summary with a harmless
// "[: -G: binary operator expected" line, then the chfn and passwd dialogs. Every answer is
// passed to useradd/chfn/chpasswd as a separate argument or stdin, never evaluated.
const ADDUSER = `#!/bin/bash
set -f
if [ "$(id -u)" != 0 ]; then echo "adduser: Only root may add a user or group to the system." >&2; exit 1; fi
ask() { printf '%s' "$1"; REPLY=''; IFS= read -r REPLY || exit 1; printf '\\n'; }
ask_secret() { printf '%s' "$1"; REPLY=''; IFS= read -rs REPLY || exit 1; printf '\\n'; }

name=''
while [ -z "$name" ]; do
  ask "Login name for new user []:"
  name=$REPLY
  [ -z "$name" ] && name=\${1-}
done
ask "User id for $name [ defaults to next available]:"; uid=$REPLY
ask "Initial group for $name [users]:"; group=\${REPLY:-users}
ask "Additional groups for $name []:"; groups=$(printf '%s' "$REPLY" | tr -s ' ,' ',' | sed 's/^,//; s/,$//')
ask "$name's home directory [/home/$name]:"; home=\${REPLY:-/home/$name}
ask "$name's shell [/bin/bash]:"; shell=\${REPLY:-/bin/bash}
ask "$name's account expiry date (MM/DD/YY) []:"; expiry=$REPLY

echo "OK, Im about to make a new account. Heres what you entered so far:"
echo "New login name: $name"
if [ -n "$uid" ]; then echo "New UID: $uid"; else echo "New UID: [Next available]"; fi
echo "Initial group: $group"
echo "/usr/sbin/adduser: line 68: [: -G: binary operator expected" >&2
echo "Additional groups: \${groups:-[none]}"
echo "Home directory: $home"
echo "Shell: $shell"
echo "Expiry date: \${expiry:-[no expiration]}"
echo "This is it... if you want to bail out, you'd better do it now."
IFS= read -r _ || exit 1
echo "Making new account..."
args=(--badname -m -d "$home" -s "$shell" -g "$group")
[ -n "$groups" ] && args+=(-G "$groups")
[ -n "$uid" ] && args+=(-u "$uid")
if [ -n "$expiry" ]; then
  if [[ "$expiry" =~ ^([0-9]{1,2})/([0-9]{1,2})/([0-9]{2})$ ]]; then
    args+=(-e "20\${BASH_REMATCH[3]}-\${BASH_REMATCH[1]}-\${BASH_REMATCH[2]}")
  else
    echo "adduser: ignoring expiry date '$expiry' (use MM/DD/YY)" >&2
  fi
fi
useradd "\${args[@]}" -- "$name"
echo "Changing the user information for $name"
echo "Enter the new value, or press ENTER for the default"
ask "	Full Name []: "; full=$REPLY
ask "	Room Number []: "; room=$REPLY
ask "	Work Phone []: "; work=$REPLY
ask "	Home Phone []: "; hphone=$REPLY
ask "	Other []: "; other=$REPLY
if [ -n "$full$room$work$hphone$other" ]; then
  chfn -f "$full" -r "$room" -w "$work" -h "$hphone" -o "$other" -- "$name" >/dev/null || true
fi
while :; do
  ask_secret "Enter new UNIX password: "; pw1=$REPLY
  ask_secret "Retype new UNIX password: "; pw2=$REPLY
  [ "$pw1" = "$pw2" ] && break
  echo "Sorry, passwords do not match"
done
if printf '%s:%s\\n' "$name" "$pw1" | chpasswd; then
  echo "passwd: password updated successfully"
else
  echo "passwd: password unchanged"
fi
echo "Done..."
`;

// Runs a command (dockerd) with the host layer as its root: called by the service script as
//   unshare --mount --propagation slave -- xrcl-host-layer <root> <command...>
// so mounts XR makes later under /var/run/netns still reach it, and nothing flows back.
const HOST_LAYER_EXEC = `#!/bin/bash
set -e
root=$1
shift
cd "$root"
pivot_root . .oldroot
cd /
umount -l /.oldroot
exec "$@"
`;

/** Writes the scripts into <labDir>/sbin. */
export function writeRouterCommands(c: LabConfig): string {
  const dir = sbinDir(c.labDir);
  mkdirSync(dir, { recursive: true });
  const files: Record<string, string> = { service: serviceScript(c) };
  if (c.role === 'router') {
    files.netns_identify = NETNS_IDENTIFY;
    files.adduser = ADDUSER;
  }
  if (dockerInHostLayer(c)) files['xrcl-host-layer'] = HOST_LAYER_EXEC;
  for (const [name, text] of Object.entries(files)) {
    writeFileSync(join(dir, name), text);
    chmodSync(join(dir, name), 0o755);
  }
  return dir;
}

/** OpenSSH server configuration: 57722 on routers (XR's sshd_operns), 22 on the devbox. */
export function writeSshdConfig(c: LabConfig): void {
  const dir = sshdDir(c.labDir);
  mkdirSync(join(dir, 'keys'), { recursive: true, mode: 0o700 });
  const router = c.role === 'router';
  const keys = ['rsa', 'ecdsa', 'ed25519'].map((t) => `HostKey ${join(dir, 'keys', `ssh_host_${t}_key`)}`);
  const text = [
    `# OpenSSH for the lab ${router ? "router's XR Linux shell (sshd_operns)" : 'devbox'}.`,
    `Port ${router ? XR_SHELL_PORT : 22}`,
    'ListenAddress 0.0.0.0',
    ...keys,
    `PidFile ${router ? SSHD_PIDFILE : DEVBOX_SSHD_PIDFILE}`,
    // XR refuses root over 57722: create a sudo user and `sudo -i` (xr-facts pitfall 4).
    'PermitRootLogin no',
    'PasswordAuthentication yes',
    'KbdInteractiveAuthentication no',
    // Passwords are checked against the lab's private /etc/shadow.
    'UsePAM no',
    'PrintMotd no',
    'AcceptEnv LANG LC_*',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    'LogLevel INFO',
    '',
  ].join('\n');
  writeFileSync(join(dir, 'sshd_config'), text);
}

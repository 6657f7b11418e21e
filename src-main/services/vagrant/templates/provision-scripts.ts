// The provisioning scripts the topology runs during `vagrant up`.
// apply_config.sh runs as root in the router's XR Linux shell, where ztp_helper.sh provides
// xrapply/xrcmd (only root may use them; xr-facts section 3). docker_install.sh puts Docker on
// the devbox from the distribution's own packages (the tutorial's apt.dockerproject.org is gone).

export const APPLY_CONFIG_PATH = 'scripts/apply_config.sh';
export const DOCKER_INSTALL_PATH = 'scripts/docker_install.sh';

export function applyConfigScript(): string {
  return `#!/bin/bash
# Applies an IOS-XR configuration file on the router during \`vagrant up\`.
# Written by XR Container Lab. Usage: apply_config.sh <config-file>
# Runs as root in the XR Linux shell: xrapply and xrcmd come from ztp_helper.sh.
config_file="\${1:?usage: apply_config.sh <config-file>}"
report=/home/vagrant/config_failed_check

source /pkg/bin/ztp_helper.sh

if ! xrapply "$config_file"; then
  echo "xrapply could not apply $config_file" >&2
  exit 1
fi

# XR accepts a file even when some lines fail; "show configuration failed" lists them.
xrcmd "show configuration failed" > "$report"
cat "$report"
if grep -q "ERROR" "$report"; then
  xrcmd "show configuration failed" > /home/vagrant/config_failed
  echo "The router rejected part of $config_file: see /home/vagrant/config_failed" >&2
  exit 1
fi

echo "Configuration was successful!"
xrcmd "show configuration commit changes last 1"
`;
}

export function dockerInstallScript(): string {
  return `#!/bin/bash
# Installs the Docker engine on the devbox during \`vagrant up\`.
# Written by XR Container Lab. Runs as root (the shell provisioner uses sudo).
set -e

if command -v docker >/dev/null 2>&1; then
  echo "Docker is already installed: $(docker --version)"
else
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # docker.io is the distribution's own Docker package (Ubuntu 14.04 and later).
  apt-get install -y -q docker.io
  # Ubuntu 14.04 names the client docker.io; give it the usual name too.
  if ! command -v docker >/dev/null 2>&1 && [ -x /usr/bin/docker.io ]; then
    ln -s /usr/bin/docker.io /usr/local/bin/docker
  fi
fi

# Let the vagrant user run docker without sudo (takes effect at the next login).
getent group docker >/dev/null && usermod -aG docker vagrant

docker version
`;
}

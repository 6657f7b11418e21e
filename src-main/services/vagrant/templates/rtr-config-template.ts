// The router's day-0 configuration: Gi0/0/0/0 (the first private network) gets its link
// address and is brought up. xrapply adds it to whatever the box already has.
import type { ResolvedTopologyOptions } from '../topology-options';

export const RTR_CONFIG_PATH = 'configs/rtr_config';
/** Where the file provisioner puts it on the router, for apply_config.sh. */
export const RTR_CONFIG_ON_ROUTER = '/home/vagrant/rtr_config';

export function rtrConfig(o: ResolvedTopologyOptions): string {
  return [
    'interface GigabitEthernet0/0/0/0',
    ` ipv4 address ${o.router.address} ${o.router.netmask}`,
    ' no shutdown',
    '!',
    'end',
    '',
  ].join('\n');
}

import type { HandlerGroup } from '../../../src-shared/contract';
import type { SessionService } from '../sessions/session-service';
import type { ContainerService } from './container-service';

/** The contract's `containers.*` methods: containers on a router; shells open as sessions. */
export function containerHandlers(containers: ContainerService, sessions: SessionService): HandlerGroup<'containers'> {
  return {
    'containers.preview': async ({ target, spec }) => containers.preview(target, spec),
    'containers.images': async ({ target }) => containers.images(target),
    'containers.vrfs': async ({ target }) => containers.vrfs(target),
    'containers.run': async ({ target, spec }) => containers.run(target, spec),
    'containers.list': async ({ target }) => containers.list(target),
    'containers.logs': async ({ target, name, tail }) => containers.logs(target, name, tail),
    'containers.followLogs': async ({ target, name }) => containers.followLogs(target, name),
    'containers.start': async ({ target, name }) => containers.lifecycle(target, name, 'start'),
    'containers.stop': async ({ target, name }) => containers.lifecycle(target, name, 'stop'),
    'containers.restart': async ({ target, name }) => containers.lifecycle(target, name, 'restart'),
    'containers.remove': async ({ target, name, image }) => containers.remove(target, name, image ?? false),
    'containers.inspect': async ({ target, name }) => containers.inspect(target, name),
    'containers.exec': async ({ target, name, command }) => containers.execCommand(target, name, command),
    'containers.shell': async ({ target, name, cols, rows }) => sessions.adopt(await containers.openShell(target, name, { cols, rows }), target),
    'containers.check': async ({ target, name, vrf }) => containers.check(target, name, vrf),
  };
}

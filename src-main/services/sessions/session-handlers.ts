import type { HandlerGroup } from '../../../src-shared/contract';
import type { SessionService } from './session-service';

/** The contract's `sessions.*` methods: terminals into routers. */
export function sessionHandlers(sessions: SessionService): HandlerGroup<'sessions'> {
  return {
    'sessions.open': async ({ name, endpoint, cols, rows, acceptNew }) => sessions.open(name, endpoint, { cols, rows }, { acceptNew }),
    'sessions.list': async () => sessions.list(),
    'sessions.history': async ({ id }) => sessions.history(id),
    'sessions.write': async ({ id, data }) => sessions.write(id, data),
    'sessions.resize': async ({ id, cols, rows }) => sessions.resize(id, cols, rows),
    'sessions.close': async ({ id }) => sessions.close(id),
  };
}

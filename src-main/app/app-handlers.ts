import type { HandlerGroup } from '../../src-shared/contract';
import type { AppInfo } from '../../src-shared/types/app';
import type { NoticeCenter } from '../services/notices/notice-center';

/** The contract's `app.*` methods: what the app is, and the notices to read once. */
export function appHandlers(info: () => AppInfo, notices: NoticeCenter): HandlerGroup<'app'> {
  return {
    'app.info': async () => info(),
    'app.notices': async () => notices.list(),
    'app.dismissNotice': async ({ id }) => notices.dismiss(id),
  };
}

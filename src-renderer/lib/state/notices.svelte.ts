// Things the user should read once (a settings file that was reset, a missing Electron binary).
import { api } from '../bridge/api';
import type { Notice } from '../../../src-shared/types/app';

class NoticeStore {
  items = $state<Notice[]>([]);
  private started = false;

  start(): void {
    if (this.started) return;
    this.started = true;
    api.on('app.notice', (n) => this.add(n));
    api
      .call('app.notices')
      .then((all) => all.forEach((n) => this.add(n)))
      .catch(() => {
        /* Notices are a courtesy; the main pane reports a broken bridge. */
      });
  }

  /** Local notices (e.g. a failed settings save) use the same region. */
  add(n: Notice): void {
    if (this.items.some((x) => x.id === n.id)) return;
    this.items.push(n);
  }

  async dismiss(id: string): Promise<void> {
    this.items = this.items.filter((n) => n.id !== id);
    if (id.startsWith('local:')) return;
    try {
      await api.call('app.dismissNotice', { id });
    } catch {
      /* Dismissal is best effort: the notice is gone from this view either way. */
    }
  }
}

export const notices = new NoticeStore();

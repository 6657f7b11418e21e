import { randomUUID } from 'node:crypto';
import type { Notice, NoticeLevel } from '../../../src-shared/types/app';
import type { EventHub } from '../events/event-hub';

/** Things the user must read once (a settings file reset, a fallback taken), kept until dismissed. */
export class NoticeCenter {
  private readonly notices: Notice[] = [];

  constructor(private readonly hub: EventHub) {}

  add(level: NoticeLevel, title: string, message: string): Notice {
    const notice: Notice = { id: randomUUID(), level, title, message, at: new Date().toISOString() };
    this.notices.push(notice);
    this.hub.emit('app.notice', notice);
    return notice;
  }

  list(): Notice[] {
    return [...this.notices];
  }

  dismiss(id: string): void {
    const index = this.notices.findIndex((n) => n.id === id);
    if (index >= 0) this.notices.splice(index, 1);
  }
}

import { describe, expect, it } from 'vitest';
import { loadOutput } from './fixtures/load-output';
import { UpProgressTracker, type UpProgress } from './vagrant-up-progress';

/** Feeds the text in small uneven chunks, as a PTY delivers it; returns every update. */
function feedAll(text: string, size = 37): { updates: UpProgress[]; tracker: UpProgressTracker } {
  const tracker = new UpProgressTracker();
  const updates: UpProgress[] = [];
  for (let i = 0; i < text.length; i += size) {
    const u = tracker.feed(text.slice(i, i + size));
    if (u) updates.push(u);
  }
  return { updates, tracker };
}

describe('UpProgressTracker (VirtualBox, written from the reference)', () => {
  const { updates, tracker } = feedAll(loadOutput('vagrant-up.virtualbox.two-machines.written', { pty: true }));
  const details = updates.map((u) => u.detail);

  it('walks each machine through import, boot, wait, provisioning', () => {
    const rtrPhases = [...new Set(updates.map((u) => u.machines.find((m) => m.machine === 'rtr')?.phase).filter(Boolean))];
    expect(rtrPhases).toEqual(['starting', 'importing', 'preparing', 'booting', 'waiting', 'ready', 'provisioning']);
    expect(details).toContain('rtr: importing the box (90%)');
    expect(details).toContain('devbox: provisioning (shell)');
  });

  it('shows "Remote connection disconnect. Retrying..." as normal waiting', () => {
    const retry = details.filter((d) => d.startsWith('rtr: still booting'));
    expect(retry).toHaveLength(4);
    expect(retry[0]).toContain('"Remote connection disconnect. Retrying..." is normal');
    expect(updates.some((u) => u.detail.includes('failed'))).toBe(false);
  });

  it('never goes backwards, and reaches 1 only when done', () => {
    const fractions = updates.map((u) => u.fraction).filter((f): f is number => f !== null);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]! - 1e-9);
    expect(Math.max(...fractions)).toBeLessThan(1);
    expect(tracker.finish()).toMatchObject({ fraction: 1, detail: 'rtr, devbox up' });
  });

  it('does not take provisioner output for a phase', () => {
    const t = new UpProgressTracker();
    t.feed("Bringing machine 'rtr' up with 'virtualbox' provider...\n==> rtr: Running provisioner: shell...\n");
    t.feed('    rtr: Booting VM...\n');
    expect(t.snapshot().machines[0]!.phase).toBe('provisioning');
  });

  it('reads a carriage-return progress update before its line ends', () => {
    const t = new UpProgressTracker();
    t.feed("Bringing machine 'rtr' up with 'virtualbox' provider...\r\n==> rtr: Importing base box 'IOS-XRv'...\r\n");
    const u = t.feed('\rProgress: 40%');
    expect(u?.detail).toBe('rtr: importing the box (40%)');
  });
});

describe('UpProgressTracker (docker provider, recorded)', () => {
  it('follows the container phases to provisioning', () => {
    const { updates } = feedAll(loadOutput('vagrant-up.docker.rtr-port-collision', { pty: true }), 11);
    expect(updates.map((u) => u.machines[0]!.phase).filter((p, i, a) => a[i - 1] !== p)).toEqual(['starting', 'preparing', 'booting', 'waiting', 'ready', 'provisioning']);
  });

  it('reads the raw PTY bytes of a two-machine up (colour codes, CRLF) through to done', () => {
    const { updates, tracker } = feedAll(loadOutput('vagrant-up.docker.two-machines.pty'), 64);
    const last = updates[updates.length - 1]!;
    expect(last.machines.map((m) => [m.machine, m.phase, m.provisioner])).toEqual([
      ['rtr', 'provisioning', 'shell'],
      ['devbox', 'ready', null],
    ]);
    expect(tracker.finish().fraction).toBe(1);
  });
});

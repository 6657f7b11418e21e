import { describe, expect, it } from 'vitest';
import { PromptCenter, type PromptEvent } from './prompt-center';

function center(): { pc: PromptCenter; events: PromptEvent[] } {
  const events: PromptEvent[] = [];
  return { pc: new PromptCenter((e) => events.push(e)), events };
}

const askedId = (events: PromptEvent[]): string => {
  const e = events.find((x) => x.type === 'asked');
  if (!e || e.type !== 'asked') throw new Error('nothing asked');
  return e.prompt.id;
};

describe('PromptCenter', () => {
  it('emits the question with an id and resolves with the answer given for that id', async () => {
    const { pc, events } = center();
    const p = pc.ask({
      kind: 'hostKey',
      title: 'Trust this router?',
      message: 'First connection to 198.18.0.5:57722',
      details: { type: 'ED25519', fingerprint: 'SHA256:abc' },
      device: 'vagrant@198.18.0.5:57722',
    });
    expect(events[0]).toMatchObject({ type: 'asked', prompt: { kind: 'hostKey', title: 'Trust this router?', details: { fingerprint: 'SHA256:abc' } } });
    expect(pc.pending()).toHaveLength(1);
    pc.answer(askedId(events), true);
    await expect(p).resolves.toBe(true);
    expect(events[1]).toEqual({ type: 'settled', id: askedId(events), outcome: 'answered' });
    expect(pc.pending()).toHaveLength(0);
    expect(() => pc.answer(askedId(events), true)).toThrow(/no longer open/);
  });

  it('hands a password over without putting it in any event or error', async () => {
    const { pc, events } = center();
    const p = pc.ask({ kind: 'password', title: 'sudo password', message: 'for cisco on ncs5508' });
    expect(() => pc.answer(askedId(events), true)).toThrow(/does not fit/);
    pc.answer(askedId(events), 'se cr"et');
    await expect(p).resolves.toBe('se cr"et');
    expect(JSON.stringify(events)).not.toContain('se cr"et');
  });

  it('an unanswered question times out with a clear error and closes its dialog', async () => {
    const { pc, events } = center();
    const err = await pc.ask({ kind: 'confirm', title: 'Replace the keys?', message: '', timeoutMs: 50, device: 'ncs5508' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PROMPT_TIMEOUT', device: 'ncs5508' });
    expect((err as Error).message).toContain('Replace the keys?');
    expect(events.at(-1)).toMatchObject({ type: 'settled', outcome: 'timedOut' });
  });

  it('cancel and an aborted signal reject with CANCELLED', async () => {
    const { pc, events } = center();
    const p1 = pc.ask({ kind: 'confirm', title: 'a', message: '' });
    pc.cancel(askedId(events));
    await expect(p1).rejects.toMatchObject({ code: 'CANCELLED' });
    const ac = new AbortController();
    const p2 = pc.ask({ kind: 'confirm', title: 'b', message: '' }, { signal: ac.signal });
    ac.abort();
    await expect(p2).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(pc.pending()).toHaveLength(0);
  });
});

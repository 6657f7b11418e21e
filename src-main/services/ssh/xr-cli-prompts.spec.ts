import { describe, expect, it } from 'vitest';
import { XR_DIALOGS, XR_PROMPT, XR_TIMESTAMP_LINE, promptMode } from './xr-cli-prompts';

describe('XR CLI prompts', () => {
  it('recognises the exec and config prompts of the sources, with any host name', () => {
    const exec = ['RP/0/RP0/CPU0:ios#', 'RP/0/RSP1/CPU0:asr9k#', 'RP/0/RP0/CPU0:8201#', 'RP/0/RP0/CPU0:R1-MAcrocarpa#'];
    for (const p of exec) {
      const m = XR_PROMPT.exec(`output\r\n${p}`)!;
      expect(m[1]).toBe(p);
      expect(promptMode(m)).toBe('exec');
    }
    // Config prompts, including a truncated host name.
    for (const p of ['RP/0/RP0/CPU0:ios(config-tpa-afi)#', 'RP/0/RP0/CPU0:lab-router-wi(config)#', 'RP/0/RSP1/CPU0:asr9k(config-if)# ']) {
      const m = XR_PROMPT.exec(`\n${p}`)!;
      expect(promptMode(m)).toBe('config');
    }
  });

  it('does not take the Linux shell prompts or mid-output text for the CLI prompt', () => {
    for (const t of ['[ncs5508:~]$ ', 'ncs5508:~$ ', 'RP/0/RP0/CPU0:ios# show version\r\nmore', 'see RP/0/RP0/CPU0:ios#']) {
      expect(XR_PROMPT.test(t), t).toBe(false);
    }
  });

  it('matches the timestamp line and the dialogs', () => {
    expect(XR_TIMESTAMP_LINE.test('Mon Mar  6 05:28:57.184 UTC\r\n')).toBe(true);
    const answer = (text: string): string | undefined => XR_DIALOGS.find((d) => d.pattern.test(text))?.answer({});
    expect(answer('How many bits in the modulus [2048]: ')).toBe('');
    expect(answer('% Do you really want to replace them? [yes/no]: ')).toBe('yes');
    expect(answer('Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:')).toBe('no');
    expect(answer('Proceed with reload? [confirm]')).toBe('y');
  });
});

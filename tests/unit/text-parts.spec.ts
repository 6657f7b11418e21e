import { describe, expect, it } from 'vitest';
import { textParts } from '../../src-renderer/lib/text-parts';

describe('textParts: what the renderer draws for a message', () => {
  it('turns https addresses into links, leaving sentence punctuation and parentheses outside', () => {
    expect(textParts('Enable RPM Fusion (https://rpmfusion.org/Configuration) and install, or see https://www.virtualbox.org/wiki/Linux_Downloads.')).toEqual([
      { kind: 'text', text: 'Enable RPM Fusion (' },
      { kind: 'link', text: 'https://rpmfusion.org/Configuration', href: 'https://rpmfusion.org/Configuration' },
      { kind: 'text', text: ') and install, or see ' },
      { kind: 'link', text: 'https://www.virtualbox.org/wiki/Linux_Downloads', href: 'https://www.virtualbox.org/wiki/Linux_Downloads' },
      { kind: 'text', text: '.' },
    ]);
  });

  it('keeps commands as code, never as links, and an unpaired backtick as text', () => {
    expect(textParts('Run `git clone https://github.com/ios-xr/vagrant-xrdocs.git` first, then `oops')).toEqual([
      { kind: 'text', text: 'Run ' },
      { kind: 'code', text: 'git clone https://github.com/ios-xr/vagrant-xrdocs.git' },
      { kind: 'text', text: ' first, then `oops' },
    ]);
  });

  it('does not link plain http or other schemes', () => {
    expect(textParts('see http://example.test/ or file:///etc/passwd')).toEqual([{ kind: 'text', text: 'see http://example.test/ or file:///etc/passwd' }]);
  });
});

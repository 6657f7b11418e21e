import { describe, expect, it } from 'vitest';
import { withHostsEntry } from './global-vrf-hosts';

const STOCK = '127.0.0.1\tlocalhost\n198.18.0.5\tncs5508\n';

describe('the global-vrf hosts file', () => {
  it('adds the name once and leaves the file alone the second time', () => {
    const r = withHostsEntry(STOCK, 'registry.xrcl.test', '198.18.0.1');
    expect(r).toEqual({ text: `${STOCK}198.18.0.1\tregistry.xrcl.test\n`, changed: true });
    expect(withHostsEntry(r.text, 'registry.xrcl.test', '198.18.0.1')).toEqual({ text: r.text, changed: false });
    expect(withHostsEntry(r.text, 'REGISTRY.xrcl.test', '198.18.0.1').changed).toBe(false);
  });

  it('moves a name that pointed elsewhere, keeping the other names of that line', () => {
    const r = withHostsEntry('10.0.0.9\tregistry.xrcl.test devbox.com\n', 'registry.xrcl.test', '198.18.0.1');
    expect(r.text).toBe('10.0.0.9\tdevbox.com\n198.18.0.1\tregistry.xrcl.test\n');
  });

  it('does not take a commented line or a longer name for the entry', () => {
    const text = '# 198.18.0.1 registry.xrcl.test\n198.18.0.1 registry.xrcl.test.old\n';
    expect(withHostsEntry(text, 'registry.xrcl.test', '198.18.0.1').text).toBe(`${text}198.18.0.1\tregistry.xrcl.test\n`);
  });
});

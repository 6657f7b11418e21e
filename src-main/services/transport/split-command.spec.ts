import { describe, expect, it } from 'vitest';
import { formatCommand } from '../exec/shell-quote';
import { splitCommand } from './split-command';

describe('splitCommand', () => {
  it('reads words, quotes and escapes as a POSIX shell does', () => {
    expect(splitCommand(`vagrant port --guest 57722`)).toEqual(['vagrant', 'port', '--guest', '57722']);
    expect(splitCommand(`echo 'a b' "c \\"d\\"" e\\ f ''`)).toEqual(['echo', 'a b', 'c "d"', 'e f', '']);
  });

  it('round-trips anything formatCommand prints', () => {
    const argv = ['docker', 'run', "it's", '$(x); y', 'a\nb', '|', '~home', '=eq'];
    expect(splitCommand(formatCommand(argv[0]!, argv.slice(1)))).toEqual(argv);
  });

  it('refuses what needs a shell instead of running it', () => {
    for (const c of ['ls | wc', 'a; b', 'echo $HOME', 'echo "$(id)"', 'cat < f', 'echo `id`', 'ls ~', "echo 'open", '']) {
      expect(() => splitCommand(c), c).toThrow(/shell|empty/);
    }
  });
});

// Turns a command as typed in a POSIX shell into argv, so this computer's commands run without a
// shell (no injection) yet are written, shown and recorded exactly as a person would type them.
import { AppError } from './errors';

const OPERATORS = new Set(['|', '&', ';', '<', '>', '(', ')', '`']);

/** Words of `command` after quote removal; shell operators and expansions are refused, not run. */
export function splitCommand(command: string): string[] {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let i = 0;
  const refuse = (what: string): never => {
    throw new AppError(`This command needs a shell (${what}), and commands on this computer run without one.`, {
      code: 'BAD_INPUT',
      command,
      fix: 'Run one program with its arguments; quote characters that a shell would interpret.',
    });
  };
  while (i < command.length) {
    const c = command[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
      i++;
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = command.indexOf("'", i + 1);
      if (end < 0) refuse('an unclosed quote');
      word += command.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      i++;
      for (;;) {
        if (i >= command.length) refuse('an unclosed quote');
        const d = command[i]!;
        if (d === '"') break;
        if (d === '$' || d === '`') refuse(`the expansion ${d}`);
        if (d === '\\' && i + 1 < command.length && '"\\$`\n'.includes(command[i + 1]!)) {
          if (command[i + 1] !== '\n') word += command[i + 1];
          i += 2;
          continue;
        }
        word += d;
        i++;
      }
      i++;
    } else if (c === '\\') {
      if (i + 1 >= command.length) refuse('a trailing backslash');
      if (command[i + 1] !== '\n') word += command[i + 1];
      i += 2;
    } else if (OPERATORS.has(c)) {
      refuse(`the operator ${c}`);
    } else if (c === '$') {
      refuse('the expansion $');
    } else if ((c === '~' || c === '#') && word === '') {
      refuse(c === '~' ? 'the home folder ~' : 'a comment #');
    } else {
      word += c;
      i++;
    }
  }
  if (inWord) words.push(word);
  if (words.length === 0) {
    throw new AppError('The command is empty.', { code: 'BAD_INPUT', fix: 'Give the program to run.' });
  }
  return words;
}

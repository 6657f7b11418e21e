// The display form of a command: what a user would type by hand to run it themselves.
// The app shows every command it runs, so the text must paste back into a shell and mean
// exactly the argv we passed to spawn, whatever the argument holds (quotes, $(...), ;, newlines).

export type ShellStyle = 'posix' | 'cmd' | 'powershell';

// Characters no shell of that style gives a meaning to; anything else gets quoted.
const POSIX_SAFE = /^[A-Za-z0-9_\-+.,/:@%]+$/;
// cmd itself passes these through, but a .cmd shim re-splits its arguments on ',', ';' and '='.
const CMD_SAFE = /^[A-Za-z0-9_\-+./:@\\]+$/;
// A bare word that PowerShell could read as a number, a parameter with ':' or a token like
// '--%' (stop parsing) is quoted: only plain words and plain -switches stay bare.
const POWERSHELL_SAFE = /^(?:[A-Za-z_/\\.][A-Za-z0-9_\-+./:\\=]*|--?[A-Za-z][A-Za-z0-9_-]*)$/;

// PowerShell treats the typographic single quotes as quote characters too.
const PS_SINGLE_QUOTES = /['\u2018\u2019\u201A\u201B]/g;

// Inside "..." cmd.exe still expands %VAR% (and !VAR! with delayed expansion), and a stray "
// ends the quoted run; only those force the caret-escaped form.
const CMD_UNSAFE_IN_QUOTES = /["%!\r\n]/;
const CMD_META = /[()%!^"<>&|]/g;

/** The shell the user most likely types into on this OS. */
export function shellStyleFor(platform: NodeJS.Platform = process.platform): ShellStyle {
  return platform === 'win32' ? 'powershell' : 'posix';
}

export function quoteArg(arg: string, style: ShellStyle = 'posix'): string {
  switch (style) {
    case 'posix':
      return quotePosix(arg);
    case 'powershell':
      return quotePowerShell(arg);
    case 'cmd':
      return quoteCmd(arg);
  }
}

/** `file` and `args` joined into one line as the user would type it. */
export function formatCommand(file: string, args: readonly string[], style: ShellStyle = 'posix'): string {
  const head = quoteArg(file, style);
  // A quoted first word is only a string in PowerShell; the call operator makes it run.
  const prefix = style === 'powershell' && head !== file ? '& ' : '';
  return [prefix + head, ...args.map((a) => quoteArg(a, style))].join(' ');
}

function quotePosix(arg: string): string {
  // A leading '=' expands to a command path in zsh, a leading '~' to a home folder.
  if (POSIX_SAFE.test(arg) && !arg.startsWith('=')) return arg;
  // Inside single quotes nothing is special, newlines included; a ' closes, escapes, reopens.
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

function quotePowerShell(arg: string): string {
  if (POWERSHELL_SAFE.test(arg)) return arg;
  return `'${arg.replace(PS_SINGLE_QUOTES, (q) => q + q)}'`;
}

function quoteCmd(arg: string): string {
  if (CMD_SAFE.test(arg)) return arg;
  const quoted = quoteWindowsArgv(arg, true);
  if (!CMD_UNSAFE_IN_QUOTES.test(arg)) return quoted;
  // Hostile text: escape every cmd metacharacter (the quotes included) with a caret so cmd
  // passes the line through literally; a newline becomes cmd's caret-newline-newline literal.
  return quoted.replace(CMD_META, '^$&').replace(/\r?\n/g, '^\n\n');
}

/**
 * Quote one argument so the Microsoft C runtime's argv parser (used by nearly every Windows
 * program) gives back the exact string: backslashes are literal unless they precede a quote,
 * so runs of them are doubled before an embedded or the closing quote.
 */
export function quoteWindowsArgv(arg: string, always = false): string {
  if (!always && arg !== '' && !/[\s"]/.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const ch of arg) {
    if (ch === '\\') {
      backslashes++;
      continue;
    }
    if (ch === '"') {
      out += '\\'.repeat(backslashes * 2 + 1) + '"';
    } else {
      out += '\\'.repeat(backslashes) + ch;
    }
    backslashes = 0;
  }
  return out + '\\'.repeat(backslashes * 2) + '"';
}

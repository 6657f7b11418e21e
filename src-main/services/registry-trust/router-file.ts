// Writing a whole file on the router from the root shell: the new content goes through the
// command's standard input (never into the command line), into a copy that keeps the file's
// owner and mode, which then replaces the file in one rename; the previous file is kept beside
// it as <file>.xrcl-backup.
import { quoteArg } from '../exec/shell-quote';

export const BACKUP_SUFFIX = '.xrcl-backup';

/** The command that replaces `path` with its standard input (a subshell: the root shell stays as it was). */
export function replaceFileCommand(path: string, o: { backup: boolean }): string {
  const f = quoteArg(path);
  const keep = o.backup ? `{ [ ! -e ${f} ] || cp -p ${f} ${quoteArg(path + BACKUP_SUFFIX)}; } && ` : '';
  const next = quoteArg(`${path}.xrcl-new`);
  return `(${keep}{ [ ! -e ${f} ] || cp -p ${f} ${next}; } && cat > ${next} && mv -f ${next} ${f})`;
}

// Which files a shell command changes, read from the command as typed: redirections, tee, sed -i,
// cp/mv/scp destinations, mkdir, rm, docker load/save/export. A runbook lists them under the
// command so a reader knows what to back up or check; it is a reading aid, not an audit.
import { splitCommand } from '../transport/split-command';

export function changedFiles(command: string): string[] {
  const out = new Set<string>();
  // Redirections: > file, >> file (not 2>&1, not >/dev/null).
  for (const m of command.matchAll(/(?:^|[^0-9&<])>>?\s*("[^"]+"|'[^']+'|[^\s;&|<>]+)/g)) add(out, m[1]!);
  for (const part of command.split(/\s*(?:&&|\|\||;|\|)\s*/)) {
    let words: string[];
    try {
      // Redirections were read above; without them the rest splits into plain words.
      words = splitCommand(part.replace(/\d*>>?&?\s*("[^"]+"|'[^']+'|[^\s;&|<>]+)/g, ' ').replace(/\d*<\s*\S+/g, ' '));
    } catch {
      continue;
    }
    const [cmd, ...args] = words;
    const plain = args.filter((a) => !a.startsWith('-'));
    switch (cmd) {
      case 'tee':
        plain.forEach((f) => add(out, f));
        break;
      case 'sed':
        if (args.some((a) => /^-i/.test(a) || a === '--in-place')) plain.slice(1).forEach((f) => add(out, f));
        break;
      case 'cp':
      case 'mv':
      case 'scp':
      case 'install':
        if (plain.length >= 2) add(out, plain[plain.length - 1]!);
        break;
      case 'mkdir':
      case 'rm':
      case 'touch':
      case 'chmod':
      case 'chown':
      case 'visudo':
        (cmd === 'chmod' || cmd === 'chown' ? plain.slice(1) : plain).forEach((f) => add(out, f));
        break;
      case 'docker': {
        const i = args.findIndex((a) => a === '-o' || a === '--output');
        if (['save', 'export'].includes(args[0] ?? '') && i >= 0 && args[i + 1]) add(out, args[i + 1]!);
        break;
      }
    }
  }
  return [...out];
}

function add(out: Set<string>, word: string): void {
  const f = word.replace(/^["']|["']$/g, '');
  if (f && f !== '/dev/null' && !f.startsWith('&') && (f.includes('/') || f.includes('.'))) out.add(f);
}

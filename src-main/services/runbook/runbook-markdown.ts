// The runbook: every command the app ran, as a person would type it, grouped by where it ran
// (this computer, the XR CLI, the XR shell, a devbox) with how to get there, in order, with its
// output trimmed and the files it changed, as one Markdown file. Passwords were replaced by
// placeholders when the commands were recorded; the text is redacted again here for any given.
import type { CommandRecord } from '../transport/command-recorder';
import { redact, SECRET_PLACEHOLDER } from '../transport/redact';
import { changedFiles } from './changed-files';

export interface RunbookOptions {
  title?: string;
  /** Lines of output kept per command. Default 8. */
  outputLines?: number;
  now?: Date;
  secrets?: readonly string[];
}

const PLACE_HEADINGS: Record<CommandRecord['place'], string> = {
  'this computer': 'On this computer',
  'XR CLI': 'In the XR CLI',
  'XR shell': 'In the XR shell',
  devbox: 'On the devbox',
};

/** How to reach the place where a group of commands runs, in the words a user would type. */
export function howToGetThere(r: Pick<CommandRecord, 'place' | 'target' | 'asRoot'>): string {
  if (r.place === 'this computer') return 'Open a terminal on this computer.';
  const m = /^(\S+)@(\[[^\]]+\]|[^:\s]+):(\d+)(?: via (\S+))?/.exec(r.target);
  const jump = m?.[4] ? ` -J ${m[4].replace(/:(\d+)$/, ':$1')}` : '';
  const ssh = m ? `ssh${jump} -p ${m[3]} ${m[1]}@${m[2]!.replace(/^\[|\]$/g, '')}` : `ssh ${r.target}`;
  if (r.place === 'XR CLI') return `Log in to the XR CLI: \`${ssh}\`.`;
  if (r.target.includes('(bash from the XR CLI)')) return `Log in to the XR CLI (\`${ssh}\`), then type \`bash\`: the commands below run as root.`;
  if (r.asRoot) return `Log in: \`${ssh}\`, then \`sudo -i\` (root, with docker's environment): the commands below run as root.`;
  return `Log in: \`${ssh}\`.`;
}

const fence = (text: string): string => {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return '`'.repeat(longest + 1);
};

export function runbookMarkdown(records: readonly CommandRecord[], o: RunbookOptions = {}): string {
  const now = o.now ?? new Date();
  const keep = o.outputLines ?? 8;
  const clean = (t: string): string => redact(t, o.secrets);
  const lines: string[] = [];
  lines.push(`# ${o.title ?? 'Runbook'}`, '');
  if (records.length === 0) {
    lines.push('No commands were run in this session yet.', '');
    return lines.join('\n');
  }
  const first = records[0]!.startedAt;
  const last = records[records.length - 1]!.startedAt;
  lines.push(
    `${records.length} command${records.length === 1 ? '' : 's'} run by XR Container Lab between ${first} and ${last}, exported ${now.toISOString()}.`,
    `Each section says where the commands ran and how to get there; type them in order. Passwords appear as \`${SECRET_PLACEHOLDER}\`: type your own.`,
    '',
  );
  let section = 0;
  let prev: CommandRecord | null = null;
  for (const r of records) {
    if (!prev || prev.place !== r.place || prev.target !== r.target || !!prev.asRoot !== !!r.asRoot) {
      section++;
      lines.push(`## ${section}. ${PLACE_HEADINGS[r.place]}${r.place === 'this computer' ? '' : `: ${clean(r.target)}`}${r.asRoot ? ' (root)' : ''}`, '');
      lines.push(howToGetThere({ ...r, target: clean(r.target) }), '');
    }
    prev = r;
    const command = clean(r.command);
    const f = fence(command);
    lines.push(`${f}sh`, command, f);
    const status = r.exitStatus === null ? `did not finish: ${clean(r.error ?? 'no reason recorded')}` : r.exitStatus === 0 ? null : `exit status ${r.exitStatus}`;
    const files = r.place === 'XR CLI' ? [] : changedFiles(command);
    const output = clean(r.outputTail).replace(/\s+$/, '');
    if (output) {
      const all = output.split('\n');
      const shown = all.slice(-keep);
      const text = (all.length > keep ? [`… (${all.length - keep} more lines before)`, ...shown] : shown).join('\n');
      const g = fence(text);
      lines.push('', `Output${status ? ` (${status})` : ''}:`, '', `${g}text`, text, g);
    } else if (status) {
      lines.push('', `No output (${status}).`);
    }
    if (files.length) lines.push('', `Files changed: ${files.map((x) => `\`${x}\``).join(', ')}`);
    lines.push('');
  }
  return lines.join('\n');
}

// /etc/sysconfig/docker on the router: which insecure registries DOCKER_OPTS gives the daemon,
// and the file with one more. XR's own comments say the value is glued onto the daemon's
// built-in flags, so it must start with a space; other flags and comments stay as they are.

const ASSIGNMENT = /^\s*(?:export\s+)?DOCKER_OPTS(\+?)=(.*)$/;
/** A plain double-quoted value without expansions: safe to edit in place. */
const EDITABLE = /^DOCKER_OPTS="([^"\\$`]*)"\s*$/;

function unquote(raw: string): string {
  const v = raw.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v.endsWith(v[0]!)) return v.slice(1, -1);
  return v;
}

function registriesOf(value: string): string[] {
  const out: string[] = [];
  const words = value.split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--insecure-registry' && words[i + 1]) out.push(words[++i]!);
    else if (w.startsWith('--insecure-registry=')) out.push(w.slice('--insecure-registry='.length));
  }
  return out;
}

/** The insecure registries the daemon gets from this file, as the service script's bash would see them. */
export function insecureRegistriesIn(text: string): string[] {
  let regs: string[] = [];
  for (const line of text.split('\n')) {
    const m = ASSIGNMENT.exec(line);
    if (!m) continue;
    const found = registriesOf(unquote(m[2]!));
    // `=` replaces what earlier lines set; `+=` adds to it.
    regs = m[1] === '+' ? [...regs, ...found] : found;
  }
  return regs;
}

/** The file with ` --insecure-registry hostPort` in DOCKER_OPTS; unchanged when it is already there. */
export function withInsecureRegistry(text: string, hostPort: string): { text: string; changed: boolean } {
  if (insecureRegistriesIn(text).includes(hostPort)) return { text, changed: false };
  const flag = ` --insecure-registry ${hostPort}`;
  const lines = text.split('\n');
  let last = -1;
  lines.forEach((l, i) => {
    if (ASSIGNMENT.test(l)) last = i;
  });
  const editable = last >= 0 ? EDITABLE.exec(lines[last]!) : null;
  if (editable) {
    let value = editable[1]!.trimEnd();
    if (value && !value.startsWith(' ')) value = ` ${value}`;
    lines[last] = `DOCKER_OPTS="${value}${flag}"`;
    return { text: lines.join('\n'), changed: true };
  }
  // No assignment to edit safely (none, or one with quotes or expansions): add one that keeps it.
  const body = text === '' || text.endsWith('\n') ? text : `${text}\n`;
  return { text: `${body}DOCKER_OPTS${last >= 0 ? '+' : ''}="${flag}"\n`, changed: true };
}

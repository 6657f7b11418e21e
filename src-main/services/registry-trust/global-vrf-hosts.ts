// /etc/netns/global-vrf/hosts on the router: the name a registry's certificate holds must
// resolve in the namespace the docker daemon pulls from. One line per name: a line giving the
// name another address is rewritten, other names on it are kept.

/** The hosts file with `address name` in it; unchanged when the name already resolves there. */
export function withHostsEntry(text: string, name: string, address: string): { text: string; changed: boolean } {
  const lines = text.split('\n');
  const lower = name.toLowerCase();
  let found = false;
  let changed = false;
  const out: string[] = [];
  for (const line of lines) {
    const body = line.replace(/#.*$/, '').trim();
    const fields = body.split(/\s+/).filter(Boolean);
    const names = fields.slice(1);
    if (fields.length < 2 || !names.some((n) => n.toLowerCase() === lower)) {
      out.push(line);
      continue;
    }
    if (fields[0] === address && !found) {
      found = true;
      out.push(line);
      continue;
    }
    // The name points elsewhere (or twice): take it off this line, keep the line's other names.
    changed = true;
    const rest = names.filter((n) => n.toLowerCase() !== lower);
    if (rest.length) out.push(`${fields[0]}\t${rest.join(' ')}`);
  }
  if (!found) {
    changed = true;
    while (out.length && out[out.length - 1] === '') out.pop();
    out.push(`${address}\t${name}`, '');
  }
  return { text: out.join('\n'), changed };
}

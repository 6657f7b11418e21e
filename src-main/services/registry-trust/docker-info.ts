// What the running docker daemon says about registries in `docker info` (the proof that a new
// DOCKER_OPTS is live: the file only says what the next start will use).

/** The entries under "Insecure Registries:", or null when the daemon did not answer with them. */
export function insecureRegistriesFromInfo(output: string): string[] | null {
  const lines = output.split(/\r?\n/);
  const at = lines.findIndex((l) => /^\s*Insecure Registries:\s*$/.test(l));
  if (at < 0) return null;
  const indent = /^\s*/.exec(lines[at]!)![0].length;
  const out: string[] = [];
  for (const line of lines.slice(at + 1)) {
    const depth = /^\s*/.exec(line)![0].length;
    if (!line.trim() || depth <= indent || line.trim().endsWith(':')) break;
    out.push(line.trim());
  }
  return out;
}

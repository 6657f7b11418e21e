// The app's own known_hosts, in OpenSSH's format so `ssh-keygen -F` and `ssh` read it too and a
// user can inspect it: plain and hashed (|1|salt|hmac) entries, `[host]:port` for other ports.
// Writes are atomic (temp file + rename, mode 0600) and serialised.
import { createHmac, randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fingerprintSha256, keyAlgorithm, keyTypeName, knownHostName, type HostKey } from './host-key-format';

export interface KnownKey {
  algorithm: string;
  type: string;
  fingerprint: string;
  blob: Buffer;
}

export type HostKeyStatus =
  | { status: 'trusted'; key: KnownKey }
  /** Never seen; `otherKeys` are keys of other types already known for this host (OpenSSH asks then too). */
  | { status: 'unknown'; otherKeys: KnownKey[] }
  /** A different key of the same type: possibly an attack, or a rebuilt router. */
  | { status: 'changed'; oldKeys: KnownKey[] };

interface Entry {
  marker: string | null;
  hosts: string; // the raw host field
  algorithm: string;
  blob: Buffer;
}

const sameFamily = (a: string, b: string): boolean => keyTypeName(a) === keyTypeName(b);

export class KnownHosts {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly file: string) {}

  get path(): string {
    return this.file;
  }

  /** All keys recorded for host:port (plain, hashed and wildcard entries). */
  async keysFor(host: string, port: number): Promise<KnownKey[]> {
    const lines = await this.readLines();
    const name = knownHostName(host, port);
    const out: KnownKey[] = [];
    for (const line of lines) {
      const e = parseLine(line);
      if (!e || e.marker !== null || !hostFieldMatches(e.hosts, name)) continue;
      out.push(toKnown(e.algorithm, e.blob));
    }
    return out;
  }

  async check(host: string, port: number, presented: HostKey): Promise<HostKeyStatus> {
    const lines = await this.readLines();
    const name = knownHostName(host, port);
    const known: KnownKey[] = [];
    for (const line of lines) {
      const e = parseLine(line);
      if (!e || !hostFieldMatches(e.hosts, name)) continue;
      // A revoked key is never trusted, whoever lists it.
      if (e.marker === '@revoked' && e.blob.equals(presented.blob)) return { status: 'changed', oldKeys: [] };
      if (e.marker !== null) continue;
      known.push(toKnown(e.algorithm, e.blob));
    }
    const match = known.find((k) => k.blob.equals(presented.blob));
    if (match) return { status: 'trusted', key: match };
    const same = known.filter((k) => sameFamily(k.algorithm, presented.algorithm));
    if (same.length > 0) return { status: 'changed', oldKeys: same };
    return { status: 'unknown', otherKeys: known };
  }

  /** Adds host:port with this key (hashed like `HashKnownHosts yes` when asked). */
  add(host: string, port: number, key: HostKey, opts: { hashed?: boolean } = {}): Promise<void> {
    return this.serial(async () => {
      const lines = await this.readLines();
      const name = knownHostName(host, port);
      const field = opts.hashed ? hashHostName(name) : name;
      lines.push(`${field} ${key.algorithm} ${key.blob.toString('base64')}`);
      await this.writeLines(lines);
    });
  }

  /** Removes every entry for host:port (plain or hashed), like `ssh-keygen -R`. Returns how many. */
  forget(host: string, port: number): Promise<number> {
    return this.serial(async () => {
      const lines = await this.readLines();
      const name = knownHostName(host, port);
      let removed = 0;
      const kept: string[] = [];
      for (const line of lines) {
        const e = parseLine(line);
        if (!e || !hostFieldMatches(e.hosts, name, { exactOnly: true })) {
          kept.push(line);
          continue;
        }
        removed++;
        // A plain line naming several hosts keeps the others.
        const others = e.hosts.startsWith('|') ? [] : e.hosts.split(',').filter((h) => h.toLowerCase() !== name);
        if (others.length > 0) {
          const rest = line.trim().split(/\s+/);
          const hostIdx = e.marker ? 1 : 0;
          rest[hostIdx] = others.join(',');
          kept.push(rest.join(' '));
        }
      }
      if (removed > 0) await this.writeLines(kept);
      return removed;
    });
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async readLines(): Promise<string[]> {
    try {
      const text = await readFile(this.file, 'utf8');
      const lines = text.split(/\r?\n/);
      if (lines[lines.length - 1] === '') lines.pop();
      return lines;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
  }

  private async writeLines(lines: string[]): Promise<void> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const tmp = `${this.file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(tmp, lines.map((l) => l + '\n').join(''), { mode: 0o600 });
    await chmod(tmp, 0o600);
    await rename(tmp, this.file);
  }
}

function toKnown(algorithm: string, blob: Buffer): KnownKey {
  return { algorithm, type: keyTypeName(algorithm), fingerprint: fingerprintSha256(blob), blob };
}

function parseLine(line: string): Entry | null {
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return null;
  const parts = t.split(/\s+/);
  let marker: string | null = null;
  if (parts[0]!.startsWith('@')) marker = parts.shift()!;
  if (parts.length < 3) return null;
  const [hosts, algorithm, b64] = parts as [string, string, string];
  const blob = Buffer.from(b64, 'base64');
  // The blob names its own algorithm; a line whose two disagree is corrupt and ignored.
  if (blob.length === 0 || keyAlgorithm(blob) !== algorithm) return null;
  return { marker, hosts, algorithm, blob };
}

/** `|1|` + base64(salt) + `|` + base64(HMAC-SHA1(salt, name)), as `HashKnownHosts yes` writes. */
export function hashHostName(name: string, salt: Buffer = randomBytes(20)): string {
  const mac = createHmac('sha1', salt).update(name).digest('base64');
  return `|1|${salt.toString('base64')}|${mac}`;
}

function hashedMatches(field: string, name: string): boolean {
  const m = /^\|1\|([^|]+)\|([^|]+)$/.exec(field);
  if (!m) return false;
  const salt = Buffer.from(m[1]!, 'base64');
  return createHmac('sha1', salt).update(name).digest('base64') === m[2];
}

/** OpenSSH's host field: a hash, or a comma list of patterns with `*`, `?` and `!` negation. */
function hostFieldMatches(field: string, name: string, opts: { exactOnly?: boolean } = {}): boolean {
  if (field.startsWith('|')) return hashedMatches(field, name);
  let matched = false;
  for (const raw of field.split(',')) {
    const negated = raw.startsWith('!');
    const pattern = (negated ? raw.slice(1) : raw).toLowerCase();
    const hit = opts.exactOnly ? pattern === name : globMatch(pattern, name);
    if (hit && negated) return false;
    if (hit) matched = true;
  }
  return matched;
}

function globMatch(pattern: string, name: string): boolean {
  if (!/[*?]/.test(pattern)) return pattern === name;
  const re = new RegExp('^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$');
  return re.test(name);
}

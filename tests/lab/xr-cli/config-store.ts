// The router's committed state, shared by every CLI session and kept in a JSON file so it
// survives a restart of the lab: running config, commit history and the RSA key pair.
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { applyEdits, flattenConfigTree, parseConfigLines, type ConfigEdit, type ConfigNode } from './running-config.js';
import type { PlatformInfo } from './xr-platform.js';

export interface CommitRecord {
  id: string; // XR numbers commits from 1000000001
  user: string;
  time: string; // ISO
  edits: ConfigEdit[];
  /** `commit label L`: shown instead of the id in `show configuration commit list`. */
  label?: string;
  /** `commit comment TEXT`. */
  comment?: string;
  /** The session's line, e.g. `vty0:node0_RP0_CPU0`. */
  line?: string;
  /** Who committed: `CLI` for a CLI session. */
  client?: string;
}

/** What a commit carries besides the config: optional, so older callers and state files still fit. */
export type CommitMeta = Partial<Pick<CommitRecord, 'label' | 'comment' | 'line' | 'client'>>;

export interface RsaKeyRecord {
  label: string;
  bits: number;
  created: string; // ISO
  publicKeyDerHex: string;
}

interface StateFile {
  version: 1;
  platform: string;
  running: string[];
  lastChange?: { time: string; user: string };
  commits: CommitRecord[];
  rsaKey: RsaKeyRecord | null;
}

export type RsaKeyFactory = (bits: number) => string;

/** A real key, so `show crypto key mypubkey rsa` shows a real SubjectPublicKeyInfo. */
export const realRsaKey: RsaKeyFactory = (bits) =>
  generateKeyPairSync('rsa', { modulusLength: bits }).publicKey.export({ type: 'spki', format: 'der' }).toString('hex');

export class ConfigStore {
  private state: StateFile;

  constructor(
    private readonly file: string | null,
    info: PlatformInfo,
    hostname: string,
    mgmtAddress: string,
    private readonly now: () => Date = () => new Date(),
    readonly makeRsaKey: RsaKeyFactory = realRsaKey,
  ) {
    if (file && existsSync(file)) {
      this.state = JSON.parse(readFileSync(file, 'utf8')) as StateFile;
    } else {
      this.state = {
        version: 1,
        platform: info.platform,
        running: flattenConfigTree(applyEdits(parseConfigLines(info.initialConfig(hostname, mgmtAddress)), [])),
        commits: [],
        rsaKey: info.startsWithRsaKey ? this.newKey(2048) : null,
      };
      this.save();
    }
  }

  get running(): ConfigNode[] {
    return parseConfigLines(this.state.running);
  }

  get lastChange(): { time: Date; user: string } | undefined {
    const c = this.state.lastChange;
    return c && { time: new Date(c.time), user: c.user };
  }

  get hostname(): string | undefined {
    const line = this.state.running.find((l) => l.startsWith('hostname '));
    return line?.slice('hostname '.length);
  }

  get commits(): readonly CommitRecord[] {
    return this.state.commits;
  }

  get rsaKey(): RsaKeyRecord | null {
    return this.state.rsaKey;
  }

  commit(tree: ConfigNode[], edits: ConfigEdit[], user: string, meta: CommitMeta = {}): CommitRecord {
    const time = this.now().toISOString();
    const last = this.state.commits[this.state.commits.length - 1];
    const id = String(last ? Number(last.id) + 1 : 1000000001);
    const record: CommitRecord = { id, user, time, edits, ...meta };
    this.state.running = flattenConfigTree(tree);
    this.state.lastChange = { time, user };
    // XR keeps a bounded rollback history; 100 is plenty for the lab.
    this.state.commits = [...this.state.commits, record].slice(-100);
    this.save();
    return record;
  }

  generateRsaKey(bits: number): RsaKeyRecord {
    this.state.rsaKey = this.newKey(bits);
    this.save();
    return this.state.rsaKey;
  }

  zeroizeRsaKey(): void {
    this.state.rsaKey = null;
    this.save();
  }

  private newKey(bits: number): RsaKeyRecord {
    return { label: 'the_default', bits, created: this.now().toISOString(), publicKeyDerHex: this.makeRsaKey(bits) };
  }

  private save(): void {
    if (!this.file) return;
    // Write then rename, so a crash mid-write never leaves a half file for the next start.
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state, null, 2) + '\n');
    renameSync(tmp, this.file);
  }
}

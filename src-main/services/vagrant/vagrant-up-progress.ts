// Turns the live text of `vagrant up` into a progress fraction and a one-line phase for each
// machine: importing the box, preparing, booting, waiting for the machine to boot (where
// "Warning: Remote connection disconnect. Retrying..." is normal while XR starts), provisioning,
// done. Feed it chunks as they arrive; it keeps partial lines until they end.
import { plainText } from './vagrant-output-parsers';

export type UpPhase = 'starting' | 'importing' | 'preparing' | 'booting' | 'waiting' | 'ready' | 'provisioning' | 'done';

export interface MachineProgress {
  machine: string;
  provider: string;
  phase: UpPhase;
  /** Box import percentage while importing. */
  importPercent: number | null;
  /** "Retrying..." lines seen while waiting for the machine to boot. */
  retries: number;
  /** The last provisioner started (shell, file). */
  provisioner: string | null;
}

export interface UpProgress {
  /** 0..1 over all machines, or null before vagrant named them. */
  fraction: number | null;
  /** One line for the task card. */
  detail: string;
  machines: MachineProgress[];
}

const PHASE_BASE: Record<UpPhase, number> = {
  starting: 0.02,
  importing: 0.05,
  preparing: 0.35,
  booting: 0.45,
  waiting: 0.55,
  ready: 0.85,
  provisioning: 0.9,
  done: 1,
};

const PREPARING = /^(Matching MAC address|Setting the name of the VM|Clearing any previously set|Preparing network interfaces|Forwarding ports|Creating the container|Creating and configuring docker networks|Fixed port collision|Checking if box|Setting hostname|Configuring and enabling network interfaces)/;
const BOOTING = /^(Booting VM|Starting container|Resuming suspended VM|Running 'pre-boot' VM customizations)/;

export class UpProgressTracker {
  private readonly machines = new Map<string, MachineProgress>();
  private partial = '';
  private lastImporting: string | null = null;
  private lastDetail = 'Starting vagrant up';

  /** Feeds output; returns the new progress when something changed, else null. */
  feed(chunk: string): UpProgress | null {
    const text = this.partial + chunk;
    const parts = text.split(/\r\n|\r|\n/);
    this.partial = parts.pop() ?? '';
    let changed = false;
    for (const line of parts) changed = this.line(line) || changed;
    // A progress update ends with \r only; a bare "Progress: 40%" with no line end yet counts too.
    if (/Progress: \d+%/.test(this.partial)) changed = this.line(this.partial) || changed;
    return changed ? this.snapshot() : null;
  }

  /** Marks every machine done (vagrant up exited 0). */
  finish(): UpProgress {
    for (const m of this.machines.values()) m.phase = 'done';
    this.lastDetail = this.machines.size > 0 ? `${[...this.machines.keys()].join(', ')} up` : 'Done';
    return this.snapshot();
  }

  snapshot(): UpProgress {
    const machines = [...this.machines.values()].map((m) => ({ ...m }));
    const fraction = machines.length === 0 ? null : machines.reduce((sum, m) => sum + machineFraction(m), 0) / machines.length;
    return { fraction, detail: this.lastDetail, machines };
  }

  private line(raw: string): boolean {
    const line = plainText(raw).trimEnd();
    if (line.trim() === '') return false;
    const bringing = /^Bringing machine '([^']+)' up with '([^']+)' provider/.exec(line);
    if (bringing) {
      this.machines.set(bringing[1]!, { machine: bringing[1]!, provider: bringing[2]!, phase: 'starting', importPercent: null, retries: 0, provisioner: null });
      this.lastDetail = `${bringing[1]}: starting (${bringing[2]})`;
      return true;
    }
    const progress = /Progress: (\d+)%/.exec(line);
    if (progress && this.lastImporting) {
      const m = this.machines.get(this.lastImporting);
      if (m && m.phase === 'importing') {
        m.importPercent = Math.min(100, Number(progress[1]));
        this.lastDetail = `${m.machine}: importing the box (${m.importPercent}%)`;
        return true;
      }
    }
    const prefixed = /^(?:==>\s+)?\s*([\w.-]+): (.*)$/.exec(line);
    if (!prefixed) return false;
    const m = this.machines.get(prefixed[1]!);
    if (!m) return false;
    const rest = prefixed[2]!.trim();
    const set = (phase: UpPhase, detail: string): boolean => {
      // Phases only move forward (a provisioner's output may say anything).
      if (PHASE_BASE[phase] < PHASE_BASE[m.phase] && !(phase === 'waiting' && m.phase === 'waiting')) return false;
      m.phase = phase;
      this.lastDetail = `${m.machine}: ${detail}`;
      return true;
    };
    let hit: RegExpExecArray | null;
    if ((hit = /^Importing base box '([^']+)'/.exec(rest))) {
      this.lastImporting = m.machine;
      m.importPercent = 0;
      return set('importing', `importing the box ${hit[1]} (this copies about 2 GB for IOS-XRv)`);
    }
    if (/^Box '[^']+' could not be found/.test(rest)) return set('starting', 'the box is not added; Vagrant is looking it up online');
    if (PREPARING.test(rest)) return set('preparing', 'preparing the machine (network, forwarded ports)');
    if (BOOTING.test(rest)) return set('booting', 'booting');
    if (/^Waiting for machine to boot/.test(rest)) return set('waiting', 'waiting for the machine to boot (IOS-XRv takes about 5 minutes)');
    if ((hit = /^Warning: (.+) Retrying\.\.\.$/.exec(rest))) {
      if (m.phase !== 'waiting') return false;
      m.retries++;
      this.lastDetail = `${m.machine}: still booting; "${hit[1]} Retrying..." is normal while the router starts (${m.retries})`;
      return true;
    }
    if (/^Machine booted and ready!|^Machine already provisioned|^Machine not provisioned|^Machine is already running/.test(rest)) return set('ready', 'booted and ready');
    if ((hit = /^Running provisioner: ([^.]+)\.\.\./.exec(rest))) {
      m.provisioner = hit[1]!;
      return set('provisioning', `provisioning (${hit[1]})`);
    }
    return false;
  }
}

function machineFraction(m: MachineProgress): number {
  if (m.phase === 'importing') return PHASE_BASE.importing + 0.28 * ((m.importPercent ?? 0) / 100);
  // Each retry is a sign of life; creep towards "ready" without reaching it.
  if (m.phase === 'waiting') return PHASE_BASE.waiting + 0.25 * (1 - 1 / (1 + m.retries / 4));
  return PHASE_BASE[m.phase];
}

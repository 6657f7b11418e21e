// Most checks are one command and a reading of its output; this builds such a check from data.
import type { CheckCommand, CommandOutcome, PrereqCheck, Verdict } from './prereq-types';

export interface CommandCheckDef {
  id: string;
  title: string;
  why: string;
  timeoutMs: number;
  /** Candidates tried in order until one is found (e.g. on PATH, then the default install folder). */
  commands(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): CheckCommand[];
  interpret(outcome: CommandOutcome, platform: NodeJS.Platform): Verdict;
}

export function commandCheck(def: CommandCheckDef): PrereqCheck<CommandOutcome> {
  return {
    id: def.id,
    title: def.title,
    why: def.why,
    timeoutMs: def.timeoutMs,
    probe: (ctx) => ctx.runFirstFound(def.commands(ctx.platform, ctx.env)),
    interpret: def.interpret,
  };
}

/** stdout and stderr together: several tools print their version on stderr. */
export function allOutput(o: CommandOutcome): string {
  return `${o.stdout}\n${o.stderr}`;
}

// What the XR CLI prints that automation must recognise (xr-facts 1.1, 1.4): prompts, timestamp
// lines, dialogs and parser errors. Prompts are matched without the host name, which XR may
// truncate in config mode.

/** `RP/0/RP0/CPU0:ios#`, `RP/0/RSP1/CPU0:asr9k(config-tpa-afi)#`, at the end of the text. */
export const XR_PROMPT = /(?<=^|\n)(RP\/\d+\/[A-Za-z0-9]+\/CPU\d+:[^\r\n#]*?(?:\((config[^)\r\n]*)\))?#) ?$/;

export type XrCliMode = 'exec' | 'config';

export function promptMode(m: RegExpExecArray): XrCliMode {
  return m[2] ? 'config' : 'exec';
}

/** `Mon Mar  6 05:28:57.184 UTC`: printed after most commands. */
export const XR_TIMESTAMP_LINE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) (?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ \d]\d \d\d:\d\d:\d\d\.\d{3} \S+\r?\n/;

export interface XrDialogAnswers {
  /** `[yes/no]` questions, e.g. "Do you really want to replace them? [yes/no]:". Default yes. */
  yesNo?: 'yes' | 'no';
  /** `How many bits in the modulus [2048]:`. Default: the offered default. */
  modulusBits?: number;
  /** `[confirm]`. Default: confirm. */
  confirm?: boolean;
}

export interface XrDialog {
  pattern: RegExp;
  answer(a: XrDialogAnswers): string;
}

export const XR_DIALOGS: XrDialog[] = [
  { pattern: /How many bits in the modulus \[\d+\]: ?$/, answer: (a) => (a.modulusBits ? String(a.modulusBits) : '') },
  // "Uncommitted changes found, commit them before exiting(yes/no/cancel)? [cancel]:": never commit by accident.
  { pattern: /\(yes\/no\/cancel\)\? ?\[cancel\]: ?$/, answer: () => 'no' },
  { pattern: /\[yes\/no\]\??:? ?$/i, answer: (a) => a.yesNo ?? 'yes' },
  { pattern: /\[confirm(?: with only 'y' or 'n')?\] ?(?:\[y\/n\])?:? ?$/, answer: (a) => (a.confirm === false ? 'n' : 'y') },
];

/** The parser's complaints: the line was not accepted at all. */
export const XR_PARSE_ERROR = /^% (Invalid input detected at '\^' marker\.|Incomplete command\.|Ambiguous command at '\^' marker\.)/m;

export const XR_COMMIT_FAILED = /% ?Failed to commit|Please issue 'show configuration failed/;

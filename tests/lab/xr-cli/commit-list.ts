// `show configuration commit list [N]`: the commit history newest first, in XR's fixed columns
// (the user is cut to 9 characters and the line to 18, as XR does: `vty0:node0_RP0_CPU`).
import type { CommitRecord } from './config-store.js';
import { xrConfigChangeTime } from './xr-timestamp.js';

export const EMPTY_COMMIT_DATABASE = 'The commit database is empty';

/** The line a CLI session shows in the commit list: `vty<N>:node0_<node>_CPU0`. */
export function vtyLine(vty: number, node: string): string {
  return `vty${vty}:node0_${node}_CPU0`;
}

export function renderCommitList(commits: readonly CommitRecord[], limit?: number): string[] {
  if (commits.length === 0) return [EMPTY_COMMIT_DATABASE];
  const newest = [...commits].reverse().slice(0, limit ?? commits.length);
  const row = (sno: string, id: string, user: string, line: string, client: string, time: string): string =>
    `${sno.padEnd(4)} ${id.padEnd(21)} ${user.slice(0, 9).padEnd(9)} ${line.slice(0, 18).padEnd(19)} ${client.padEnd(11)} ${time}`;
  return [
    row('SNo.', 'Label/ID', 'User', 'Line', 'Client', 'Time Stamp'),
    row('~~~~', '~~~~~~~~', '~~~~', '~~~~', '~~~~~~', '~~~~~~~~~~'),
    ...newest.map((c, i) =>
      row(String(i + 1), c.label ?? c.id, c.user, c.line ?? 'vty0:node0_RP0_CPU0', c.client ?? 'CLI', xrConfigChangeTime(new Date(c.time))),
    ),
  ];
}

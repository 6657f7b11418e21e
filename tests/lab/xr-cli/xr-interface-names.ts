// XR interface names as typed (`gigabitEthernet 0/0/0/0`, `Gi0/0/0/0`, `loopback 0`, `Mg0/RP0/CPU0/0`)
// reduced to the canonical form XR shows in the running config (`GigabitEthernet0/0/0/0`).

interface IfType {
  name: string;
  id: RegExp;
  /** Physical ports exist only if the chassis has them; Loopbacks exist once configured. */
  physical: boolean;
}

const TYPES: IfType[] = [
  { name: 'GigabitEthernet', id: /^\d+\/\d+\/\d+\/\d+$/, physical: true },
  { name: 'TenGigE', id: /^\d+\/\d+\/\d+\/\d+$/, physical: true },
  { name: 'HundredGigE', id: /^\d+\/\d+\/\d+\/\d+$/, physical: true },
  { name: 'MgmtEth', id: /^\d+\/(RP|RSP)\d+\/CPU\d+\/\d+$/i, physical: true },
  { name: 'Loopback', id: /^\d{1,10}$/, physical: false },
];

export type InterfaceParse =
  | { ok: true; name: string; consumed: number; physical: boolean }
  | { ok: false; error: 'invalid' | 'incomplete'; tokenOffset: number };

/**
 * Reads an interface name from tokens[0] (and tokens[1] when the type and id are typed apart).
 * tokenOffset on failure says which of the two tokens was wrong, for the caret.
 */
export function parseInterfaceName(tokens: string[]): InterfaceParse {
  const first = tokens[0];
  if (first === undefined) return { ok: false, error: 'incomplete', tokenOffset: 0 };
  const m = /^([A-Za-z-]+)(.*)$/.exec(first);
  if (!m) return { ok: false, error: 'invalid', tokenOffset: 0 };
  const word = m[1]!.toLowerCase();
  const type = TYPES.find((t) => t.name.toLowerCase().startsWith(word));
  if (!type) return { ok: false, error: 'invalid', tokenOffset: 0 };
  let id = m[2]!;
  let consumed = 1;
  let idOffset = 0;
  if (id === '') {
    const next = tokens[1];
    if (next === undefined) return { ok: false, error: 'incomplete', tokenOffset: 1 };
    id = next;
    consumed = 2;
    idOffset = 1;
  }
  if (!type.id.test(id)) return { ok: false, error: 'invalid', tokenOffset: idOffset };
  return { ok: true, name: type.name + id.toUpperCase(), consumed, physical: type.physical };
}

export function isLoopback(name: string): boolean {
  return name.startsWith('Loopback');
}

/** Order XR lists interfaces in the running config: Loopbacks, then Mgmt, then line-card ports. */
export function interfaceRank(name: string): number {
  if (name.startsWith('Loopback')) return 0;
  if (name.startsWith('MgmtEth')) return 1;
  return 2;
}

// Quoting for the bash scripts the lab generates: values are baked in as single-quoted words,
// so nothing a user typed (names, passwords) is ever evaluated by a shell.
export function shq(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export function shArray(items: string[]): string {
  return `(${items.map(shq).join(' ')})`;
}

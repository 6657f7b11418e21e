// Values go into the generated Vagrantfile as Ruby single-quoted strings: no interpolation, and
// only backslash and the quote itself need escaping, so no input can become Ruby code.

export function rubyString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

export function rubyInteger(value: number): string {
  if (!Number.isSafeInteger(value)) throw new Error(`not an integer: ${value}`);
  return String(value);
}

export function rubyArray(values: string[]): string {
  return `[${values.map(rubyString).join(', ')}]`;
}

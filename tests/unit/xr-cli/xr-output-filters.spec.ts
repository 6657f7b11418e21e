import { describe, expect, it } from 'vitest';
import { applyOutputFilters, findPipe, parseOutputFilters, PIPE_ERROR, xrRegex } from '../../lab/xr-cli/xr-output-filters.js';

const LINES = ['Building configuration...', 'hostname ios', 'interface Loopback0', ' ipv4 address 1.1.1.1 255.255.255.255', '!', 'ssh server v2', 'end'];

/** Parses the filters of a whole line and runs LINES through them. */
function run(line: string): string[] {
  const f = parseOutputFilters(line, findPipe(line));
  if (!f.ok) throw new Error(JSON.stringify(f));
  return applyOutputFilters(LINES, f.filters);
}

describe('output filters', () => {
  it('include, exclude and begin take a regex; abbreviations as clients type them', () => {
    expect(run('show run | include hostname')).toEqual(['hostname ios']);
    expect(run('show run | inc ^interface')).toEqual(['interface Loopback0']);
    expect(run('show run | i "^ "')).toEqual([' ipv4 address 1.1.1.1 255.255.255.255']);
    expect(run('show run | exclude ^[ !]')).toEqual(['Building configuration...', 'hostname ios', 'interface Loopback0', 'ssh server v2', 'end']);
    expect(run('show run | begin ssh')).toEqual(['ssh server v2', 'end']);
    expect(run('show run | begin nothing-matches')).toEqual([]);
  });

  it('a quoted regex may hold | and spaces; unquoted words are one regex', () => {
    expect(run('show run | include "hostname|ssh"')).toEqual(['hostname ios', 'ssh server v2']);
    expect(run('show run | include server v2')).toEqual(['ssh server v2']);
  });

  it('utility head and tail: -n N, count N, -N, default 10', () => {
    expect(run('show run | utility head -n 2')).toEqual(LINES.slice(0, 2));
    expect(run('show run | utility head count 1')).toEqual(LINES.slice(0, 1));
    expect(run('show run | util head -3')).toEqual(LINES.slice(0, 3));
    expect(run('show run | utility head')).toEqual(LINES);
    expect(run('show run | utility tail -n 2')).toEqual(['ssh server v2', 'end']);
  });

  it('chains filters left to right, as in `| i ^cisco | utility head -n 1`', () => {
    expect(run('show run | exclude "^ " | include o | utility head -n 2')).toEqual(['Building configuration...', 'hostname ios']);
  });

  it('reports a bad keyword with its column, and a regex that does not compile as a pipe error', () => {
    expect(parseOutputFilters('show run | grep x', 9)).toEqual({ ok: false, error: 'invalid', col: 11 });
    expect(parseOutputFilters('show run | utility head -n x', 9)).toEqual({ ok: false, error: 'invalid', col: 27 });
    expect(parseOutputFilters('show run | utility cat', 9)).toEqual({ ok: false, error: 'invalid', col: 19 });
    expect(parseOutputFilters('show run | include', 9)).toMatchObject({ ok: false, error: 'incomplete' });
    expect(parseOutputFilters('show run |', 9)).toMatchObject({ ok: false, error: 'incomplete' });
    expect(parseOutputFilters('show run | include (', 9)).toEqual({ ok: false, error: 'pipe', message: PIPE_ERROR });
    expect(parseOutputFilters('show run | include [a-', 9)).toEqual({ ok: false, error: 'pipe', message: PIPE_ERROR });
  });

  it('finds the pipe outside quotes only', () => {
    expect(findPipe('show run | include "a|b"')).toBe(9);
    expect(findPipe('show run "a|b" | i x')).toBe(15);
    expect(findPipe('show run')).toBe(-1);
    expect(findPipe('show " | x')).toBe(7); // an unmatched quote quotes nothing
  });
});

describe('xrRegex', () => {
  it('_ matches a delimiter or either end of the line, \\_ a literal underscore', () => {
    const re = xrRegex('_1300_')!;
    expect(re.test('as-path 1300')).toBe(true);
    expect(re.test('{1300,')).toBe(true);
    expect(re.test('21300')).toBe(false);
    expect(xrRegex('a\\_b')!.test('a_b')).toBe(true);
    expect(xrRegex('[_]')!.test('_')).toBe(true);
  });
  it('returns null for what does not compile', () => {
    expect(xrRegex('(')).toBeNull();
    expect(xrRegex('a(b')).toBeNull();
    expect(xrRegex('^Node')).toBeInstanceOf(RegExp);
  });
});

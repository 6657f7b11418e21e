import { describe, expect, it } from 'vitest';
import { methodNames, type Handlers } from '../../src-shared/contract';
import { wireHandlers } from './wire-handlers';

// The compile-time check covers groups written in code; these cover groups built at run time.
describe('wireHandlers', () => {
  const all = Object.fromEntries(methodNames.map((n) => [n, async () => n])) as unknown as Handlers;

  it('builds one table with every method', () => {
    const table = wireHandlers([all] as never);
    expect(Object.keys(table).sort()).toEqual([...methodNames].sort());
  });

  it('refuses a method no group handles, and one handled twice', () => {
    const { ['tasks.log']: _dropped, ...rest } = all;
    expect(() => wireHandlers([rest] as never)).toThrow('No handler for tasks.log.');
    expect(() => wireHandlers([all, { 'tasks.log': all['tasks.log'] }] as never)).toThrow('Two handler groups handle tasks.log.');
  });
});

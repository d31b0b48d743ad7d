import { describe, expect, it } from 'vitest';
import { createGroupCommit } from './group-commit.js';

describe('intake group commit', () => {
  it('runs the calls of one turn of the event loop together, each getting its own answer', async () => {
    const runs: number[][] = [];
    const group = createGroupCommit<number, number>({
      weight: () => 1,
      maxWeight: 100,
      run: async (inputs) => {
        runs.push(inputs);
        return inputs.map((n) => n * 10);
      },
    });
    expect(await Promise.all([1, 2, 3].map((n) => group.submit(n)))).toEqual([10, 20, 30]);
    expect(runs).toEqual([[1, 2, 3]]);
  });

  it('runs each call alone when the shared run fails, so one bad input fails only its own caller', async () => {
    const group = createGroupCommit<number, number>({
      weight: () => 1,
      maxWeight: 100,
      run: async (inputs) => {
        if (inputs.includes(2)) throw new Error('bad input 2');
        return inputs;
      },
    });
    const settled = await Promise.allSettled([1, 2, 3].map((n) => group.submit(n)));
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
  });

  it('stops a group at its weight limit and runs the rest next', async () => {
    const runs: number[][] = [];
    const group = createGroupCommit<number, number>({
      weight: (n) => n,
      maxWeight: 5,
      run: async (inputs) => {
        runs.push(inputs);
        return inputs;
      },
    });
    await Promise.all([3, 2, 4, 9].map((n) => group.submit(n)));
    expect(runs).toEqual([[3, 2], [4], [9]]);
  });
});

import { describe, expect, it } from 'vitest';
import { timeOrderedId } from './time-ordered-id.js';

describe('time-ordered ids', () => {
  it('are RFC 9562 version 7 UUIDs that sort in the order they were made, without repeats', () => {
    const ids = Array.from({ length: 10_000 }, () => timeOrderedId());
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('carry the moment they were made', () => {
    const id = timeOrderedId(Date.UTC(2026, 2, 3, 12));
    expect(parseInt(id.replace(/-/g, '').slice(0, 12), 16)).toBeGreaterThanOrEqual(Date.UTC(2026, 2, 3, 12));
  });
});

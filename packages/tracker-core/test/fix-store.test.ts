import { describe, expect, it } from 'vitest';
import { MemoryFixStore } from '../src/index.ts';

const fix = (time: number, sos = false) => ({ time, lat: 45, lon: 5, ...(sos && { sos: true }) });

describe('MemoryFixStore', () => {
  it('gives growing ids and answers the oldest first', async () => {
    const store = new MemoryFixStore();
    const first = await store.append([fix(1), fix(2)]);
    const second = await store.append([fix(3)]);
    expect([...first, ...second].map((q) => q.id)).toEqual([1, 2, 3]);
    expect((await store.peek(2)).map((q) => q.fix.time)).toEqual([1, 2]);
    expect(await store.peek(0)).toEqual([]);
    expect(await store.count()).toBe(3);
  });

  it('removes by id, ignores unknown ids, and never reuses an id', async () => {
    const store = new MemoryFixStore();
    await store.append([fix(1), fix(2), fix(3)]);
    await store.remove([2, 99]);
    await store.remove([2]);
    expect((await store.peek(10)).map((q) => q.id)).toEqual([1, 3]);
    await store.remove([1, 3]);
    const [next] = await store.append([fix(4)]);
    expect(next!.id).toBe(4);
    expect(await store.count()).toBe(1);
  });

  it('hands out copies, as a database would', async () => {
    const store = new MemoryFixStore();
    const [queued] = await store.append([fix(1)]);
    queued!.fix.lat = 0;
    const [peeked] = await store.peek(1);
    peeked!.fix.lat = 0;
    expect((await store.peek(1))[0]!.fix.lat).toBe(45);
  });

  it('finds the SOS fixes, oldest first, and forgets them once removed', async () => {
    const store = new MemoryFixStore();
    await store.append([fix(1), fix(2, true), fix(3), fix(4, true), fix(5, true)]);
    expect((await store.peekSos(2)).map((q) => [q.id, q.fix.time])).toEqual([
      [2, 2],
      [4, 4],
    ]);
    // Still in the queue's order too: peekSos only finds them.
    expect((await store.peek(10)).map((q) => q.id)).toEqual([1, 2, 3, 4, 5]);
    await store.remove([2, 5]);
    expect((await store.peekSos(10)).map((q) => q.id)).toEqual([4]);
    expect(await store.peekSos(0)).toEqual([]);
  });
});

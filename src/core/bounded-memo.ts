// The bounded memo the core's caches of repeated values share (./rules/facts-memo.ts,
// ./server-words.ts).

/**
 * A map bounded in count: when full, the oldest entry goes (insertion order). The keys are also
 * kept in a ring in the order they came, so that making room is the same steps on every new key
 * (deleting the ring's slot, nothing before it fills): a step first taken once the memo fills
 * would throw away the optimized code of its callers.
 */
export class BoundedMemo<V> {
  readonly #map = new Map<string, V>();
  readonly #limit: number;
  readonly #ring: Array<string | undefined>;
  #next = 0;

  constructor(limit: number) {
    this.#limit = Math.max(1, limit);
    this.#ring = new Array<string | undefined>(this.#limit).fill(undefined);
  }

  get(key: string): V | undefined {
    return this.#map.get(key);
  }

  set(key: string, value: V): void {
    if (!this.#map.has(key)) {
      const slot = this.#next;
      // The oldest key once the ring is full; before, undefined (no entry has it).
      this.#map.delete(this.#ring[slot] as string);
      this.#ring[slot] = key;
      this.#next = (slot + 1) % this.#limit;
    }
    this.#map.set(key, value);
  }

  get size(): number {
    return this.#map.size;
  }

  clear(): void {
    this.#map.clear();
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}

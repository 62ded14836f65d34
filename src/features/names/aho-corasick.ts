/**
 * An Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in
 * one pass, in time linear in the text plus the matches. Transitions live in one Map keyed by
 * `state * 65536 + code unit`, which keeps 50,000 patterns to a few tens of megabytes (a Map per
 * state would cost several times more).
 */
export class AhoCorasick {
  private readonly next = new Map<number, number>();
  private readonly fail: Int32Array;
  /** Per state: the pattern ending exactly here, or -1. */
  private readonly output: Int32Array;
  /** Per state: the nearest state on the fail chain that has an output, or 0. */
  private readonly dictLink: Int32Array;
  private readonly lengths: Int32Array;

  /** @param patterns non-empty strings; pattern i is reported as index i */
  constructor(patterns: readonly string[]) {
    const output: number[] = [-1];
    let states = 1;
    for (const [index, pattern] of patterns.entries()) {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const key = state * 65536 + pattern.charCodeAt(i);
        let to = this.next.get(key);
        if (to === undefined) {
          to = states++;
          output.push(-1);
          this.next.set(key, to);
        }
        state = to;
      }
      if (pattern.length > 0 && output[state] === -1) output[state] = index;
    }
    this.output = Int32Array.from(output);
    this.lengths = Int32Array.from(patterns.map((p) => p.length));
    this.fail = new Int32Array(states);
    this.dictLink = new Int32Array(states);

    // Children of each state, to walk the trie breadth-first.
    const children: [number, number][][] = Array.from({ length: states }, () => []);
    for (const [key, to] of this.next) {
      children[Math.floor(key / 65536)]?.push([key % 65536, to]);
    }
    const queue: number[] = [];
    for (const [, child] of children[0] ?? []) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head] ?? 0;
      for (const [code, child] of children[state] ?? []) {
        let f = this.fail[state] ?? 0;
        let target = this.next.get(f * 65536 + code);
        while (target === undefined && f !== 0) {
          f = this.fail[f] ?? 0;
          target = this.next.get(f * 65536 + code);
        }
        const failTo = target !== undefined && target !== child ? target : 0;
        this.fail[child] = failTo;
        this.dictLink[child] =
          (this.output[failTo] ?? -1) >= 0 ? failTo : (this.dictLink[failTo] ?? 0);
        queue.push(child);
      }
    }
  }

  /**
   * Calls `onMatch(pattern, start, end)` for every occurrence (end exclusive), in order of end.
   */
  search(text: string, onMatch: (pattern: number, start: number, end: number) => void): void {
    const { next, fail, output, dictLink, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let to = next.get(state * 65536 + code);
      while (to === undefined && state !== 0) {
        state = fail[state] ?? 0;
        to = next.get(state * 65536 + code);
      }
      state = to ?? 0;
      let s = state;
      while (s !== 0) {
        const pattern = output[s] ?? -1;
        if (pattern >= 0) onMatch(pattern, i + 1 - (lengths[pattern] ?? 0), i + 1);
        s = dictLink[s] ?? 0;
      }
    }
  }
}

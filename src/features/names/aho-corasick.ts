/**
 * An Aho–Corasick automaton over UTF-16 code units: finds every occurrence of every pattern in
 * one pass, in time linear in the text plus the matches.
 *
 * Memory: the trie lives in typed arrays. Each state's transitions are one sorted run of
 * (code unit, target) pairs, found by binary search; the root, where most steps land after a
 * miss, has a direct table of all 65,536 code units. For the 50,000-name dictionary that is
 * about a tenth of what a Map of transitions took (tens of megabytes, kept for as long as the
 * linker is), and the build never holds the Map either.
 */
export class AhoCorasick {
  /** Transitions of state s: codes[first[s]] … codes[first[s + 1] - 1], ascending. */
  private readonly first: Int32Array;
  private readonly codes: Uint16Array;
  private readonly targets: Int32Array;
  /** The root's transitions by code unit (0: none). */
  private readonly rootNext: Int32Array;
  private readonly fail: Int32Array;
  /** Per state: the pattern ending exactly here, or -1. */
  private readonly output: Int32Array;
  /** Per state: the nearest state on the fail chain that has an output, or 0. */
  private readonly dictLink: Int32Array;
  private readonly lengths: Int32Array;

  /** @param patterns non-empty strings; pattern i is reported as index i */
  constructor(patterns: readonly string[]) {
    // Inserted in code-unit order, each state's children are made in ascending order of their
    // code unit, so a trie built in this order needs no per-state lists or maps.
    const order = patterns.map((_, index) => index);
    order.sort((a, b) => {
      const pa = patterns[a] ?? '';
      const pb = patterns[b] ?? '';
      return pa < pb ? -1 : pa > pb ? 1 : a - b;
    });
    let bound = 1;
    for (const pattern of patterns) bound += pattern.length;
    // Edge e leads from edgeFrom[e] by edgeCode[e] to state e + 1 (every state but the root has
    // exactly one incoming edge, made when the state is).
    const edgeFrom = new Int32Array(bound);
    const edgeCode = new Uint16Array(bound);
    const output = new Int32Array(bound).fill(-1);
    // The path of the previous pattern: path[d] is the state after its first d code units.
    const path = new Int32Array(bound);
    let previous = '';
    let states = 1;
    for (const index of order) {
      const pattern = patterns[index] ?? '';
      if (pattern.length === 0) continue;
      let shared = 0;
      const limit = Math.min(previous.length, pattern.length);
      while (shared < limit && previous.charCodeAt(shared) === pattern.charCodeAt(shared)) shared++;
      for (let d = shared; d < pattern.length; d++) {
        const state = states++;
        edgeFrom[state - 1] = path[d] ?? 0;
        edgeCode[state - 1] = pattern.charCodeAt(d);
        path[d + 1] = state;
      }
      const end = path[pattern.length] ?? 0;
      if ((output[end] ?? -1) === -1 || index < (output[end] ?? -1)) output[end] = index;
      previous = pattern;
    }

    // Group the edges by the state they leave (counting sort keeps each group ascending).
    const first = new Int32Array(states + 1);
    for (let e = 0; e < states - 1; e++) {
      const slot = (edgeFrom[e] ?? 0) + 1;
      first[slot] = (first[slot] ?? 0) + 1;
    }
    for (let s = 0; s < states; s++) first[s + 1] = (first[s + 1] ?? 0) + (first[s] ?? 0);
    const codes = new Uint16Array(states - 1);
    const targets = new Int32Array(states - 1);
    const fill = first.slice(0, states);
    for (let e = 0; e < states - 1; e++) {
      const from = edgeFrom[e] ?? 0;
      const at = fill[from] ?? 0;
      fill[from] = at + 1;
      codes[at] = edgeCode[e] ?? 0;
      targets[at] = e + 1;
    }
    this.first = first;
    this.codes = codes;
    this.targets = targets;
    this.rootNext = new Int32Array(65536);
    for (let at = first[0] ?? 0; at < (first[1] ?? 0); at++)
      this.rootNext[codes[at] ?? 0] = targets[at] ?? 0;
    this.output = output.slice(0, states);
    this.lengths = Int32Array.from(patterns.map((p) => p.length));
    this.fail = new Int32Array(states);
    this.dictLink = new Int32Array(states);

    // Breadth-first over the trie (a state's fail target is always shallower).
    const queue = new Int32Array(states);
    let tail = 0;
    for (let at = first[0] ?? 0; at < (first[1] ?? 0); at++) queue[tail++] = targets[at] ?? 0;
    for (let head = 0; head < tail; head++) {
      const state = queue[head] ?? 0;
      for (let at = first[state] ?? 0; at < (first[state + 1] ?? 0); at++) {
        const code = codes[at] ?? 0;
        const child = targets[at] ?? 0;
        let f = this.fail[state] ?? 0;
        let target = this.step(f, code);
        while (target === 0 && f !== 0) {
          f = this.fail[f] ?? 0;
          target = this.step(f, code);
        }
        const failTo = target !== child ? target : 0;
        this.fail[child] = failTo;
        this.dictLink[child] =
          (this.output[failTo] ?? -1) >= 0 ? failTo : (this.dictLink[failTo] ?? 0);
        queue[tail++] = child;
      }
    }
  }

  /** The state reached from `state` by `code`, or 0 when there is no such transition. */
  private step(state: number, code: number): number {
    if (state === 0) return this.rootNext[code] ?? 0;
    const { codes, targets } = this;
    let lo = this.first[state] ?? 0;
    let hi = (this.first[state + 1] ?? 0) - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const c = codes[mid] ?? 0;
      if (c === code) return targets[mid] ?? 0;
      if (c < code) lo = mid + 1;
      else hi = mid - 1;
    }
    return 0;
  }

  /**
   * Calls `onMatch(pattern, start, end)` for every occurrence (end exclusive), in order of end.
   */
  search(text: string, onMatch: (pattern: number, start: number, end: number) => void): void {
    const { fail, output, dictLink, lengths } = this;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let to = this.step(state, code);
      while (to === 0 && state !== 0) {
        state = fail[state] ?? 0;
        to = this.step(state, code);
      }
      state = to;
      let s = state;
      while (s !== 0) {
        const pattern = output[s] ?? -1;
        if (pattern >= 0) onMatch(pattern, i + 1 - (lengths[pattern] ?? 0), i + 1);
        s = dictLink[s] ?? 0;
      }
    }
  }
}

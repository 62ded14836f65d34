import { it } from 'vitest';
import { benchSearch } from './search.bench.js';
it('bench', async () => { await benchSearch({ articles: Number(process.env.N ?? 100000), runs: 20 }); }, 600_000);

// Quick knowledge check for authors, before the CLI exists: `node bin/run-ts.js scripts/kb-check.ts [FILTER]`.
// Prints each problem as "file: field: message"; FILTER keeps only files whose path contains it.
import { checkKnowledge } from '../src/knowledge/load.ts';

const filter = process.argv[2] ?? '';
const { topics, problems } = checkKnowledge(new URL('../knowledge', import.meta.url).pathname);
const shown = problems.filter((p) => p.file.includes(filter));
for (const p of shown) console.log(`${p.file}: ${p.field}: ${p.message}`);
console.log(`${topics.length} topics loaded, ${shown.length} problems shown`);

import { openAssistant } from '../src/app/assistant.js';
import { loadSettings } from '../src/config.js';
const a = await openAssistant(loadSettings());
for (const q of process.argv.slice(2)) {
  const ans = await a.ask(q);
  console.log(q, '\n  ', JSON.stringify(ans.trace), '\n  ', ans.text.slice(0, 300).replace(/\n/g, ' ⏎ '));
}

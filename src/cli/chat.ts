/** `npm run chat`: a conversation in the terminal, follow-ups included. */
import readline from 'node:readline/promises';
import { renderAnswerText } from '../answer/render-text.js';
import type { ConversationTurn } from '../core/answer.js';
import { openCore } from './open-core.js';

const assistant = await openCore();
const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: process.stdin.isTTY });
let history: ConversationTurn[] = [];

console.log('Alinéa — posez vos questions sur les contrats de ville (« /nouveau » pour repartir de zéro, « /quitter » pour sortir).');
console.log(`Documents : ${assistant.documents.map((document) => document.short_title).join(' ; ')}\n`);

rl.on('close', () => process.exit(0));
for (;;) {
  const line = await rl.question('Vous › ').catch(() => undefined);
  if (line === undefined) break;
  const input = line.trim();
  if (input === '/quitter' || input === '/exit') break;
  if (input === '/nouveau') {
    history = [];
    console.log('Nouvelle conversation.\n');
    continue;
  }
  if (!input) continue;
  // With a language model configured, the answer is shown as it is written.
  let streamed = '';
  const onToken = (partial: string) => {
    if (!streamed) process.stdout.write('\nAlinéa › ');
    if (partial.startsWith(streamed)) process.stdout.write(partial.slice(streamed.length));
    streamed = partial;
  };
  const answer = await assistant.ask(input, { history, surface: 'terminal', onToken });
  if (answer.mode !== 'validation') history = [...history, { question: input, answer }].slice(-6);
  const rendered = renderAnswerText(answer);
  if (streamed && answer.mode === 'llm' && rendered.startsWith(streamed)) console.log(`${rendered.slice(streamed.length)}\n`);
  else console.log(`${streamed ? '\n\n(réponse finale)' : ''}\nAlinéa › ${rendered}\n`);
}
rl.close();

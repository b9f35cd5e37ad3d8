/**
 * A child process's marked result line, its stderr's end, and its time limit (what a server
 * building its index and the bench's phases read back from their children).
 */
import { describe, expect, it } from 'vitest';
import { markedResult, runForResult } from '../../src/app/child-result.js';
import { threadNiceness } from '../../src/app/thread-priority.js';

describe('runForResult', () => {
  it('reads the last marked line among logs, and keeps the end of stderr', async () => {
    const script = "console.log('log'); console.log('RESULT {\"n\":1}'); console.log('RESULT {\"n\":2}'); console.error('x'.repeat(5000) + 'fin');";
    const run = await runForResult<{ n: number }>(['-e', script], { env: process.env, marker: 'RESULT ' });
    expect(run).toMatchObject({ result: { n: 2 }, code: 0, timedOut: false });
    expect(run.stderr.length).toBe(4_000);
    expect(run.stderr.endsWith('fin\n')).toBe(true);
  });

  it('says a child printed no result, and stops one that runs past its limit', async () => {
    expect(await runForResult(['-e', 'process.exit(3)'], { env: process.env, marker: 'RESULT ' })).toMatchObject({ result: undefined, code: 3, timedOut: false });
    const slow = await runForResult(['-e', "setTimeout(() => console.log('RESULT {}'), 10000)"], { env: process.env, marker: 'RESULT ', timeoutMs: 200 });
    expect(slow).toMatchObject({ result: undefined, timedOut: true });
  });
});

describe.runIf(process.platform === 'linux')('a child started with a niceness increment', () => {
  it('runs at the server’s niceness plus the increment, as its own /proc says', async () => {
    const base = threadNiceness();
    expect(base).toBeDefined();
    // The child reads its main thread's niceness from /proc once it has started.
    const script =
      "setTimeout(() => { const s = require('fs').readFileSync('/proc/thread-self/stat', 'utf8'); console.log('RESULT ' + JSON.stringify({ nice: Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[16]) })); }, 300)";
    const niced = await runForResult<{ nice: number }>(['-e', script], { env: process.env, marker: 'RESULT ', nice: 7 });
    expect(niced.result?.nice).toBe(Math.min(19, (base ?? 0) + 7));
    const plain = await runForResult<{ nice: number }>(['-e', script], { env: process.env, marker: 'RESULT ' });
    expect(plain.result?.nice).toBe(base);
  });
});

describe('markedResult', () => {
  it('is undefined when no line carries the marker', () => {
    expect(markedResult('only logs\n', 'RESULT ')).toBeUndefined();
  });
});

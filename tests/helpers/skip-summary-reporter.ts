/**
 * Ends `npm test` with one line saying what was skipped and why (or that nothing was), so a run
 * that passes because a prerequisite was missing (Chromium, python3-onnx) does not pass silently.
 */
import path from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

export default class SkipSummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const byReason = new Map<string, number>();
    let total = 0;
    for (const testModule of testModules) {
      for (const test of testModule.children.allTests()) {
        const result = test.result();
        if (result.state !== 'skipped') continue;
        total += 1;
        const file = path.relative(process.cwd(), testModule.moduleId);
        const reason = `${file}${result.note ? ` : ${result.note}` : test.options.mode === 'skip' ? ' : filtré ou marqué skip' : ''}`;
        byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
      }
    }
    const details = [...byReason].map(([reason, count]) => `${count} dans ${reason}`).join(' ; ');
    process.stdout.write(`\nTests ignorés : ${total === 0 ? 'aucun' : `${total} (${details})`}.\n`);
  }
}

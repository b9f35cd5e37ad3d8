/**
 * A bounded load probe for `POST /api/ask`: n requests with at most `concurrency` in flight,
 * each with a distinct question, so the caller can check that none was lost, failed or answered
 * with somebody else's question. Used by the load test and by `npm run bench`.
 */

export interface AskLoadResult {
  /** Requests answered 200 with their own question echoed back. */
  ok: number;
  failed: number;
  seconds: number;
  requestsPerSecond: number;
  p95Ms: number;
  /** Up to 10 failure descriptions (status, mismatch, network error). */
  failures: string[];
  /** The questions as sent, index i for request i. */
  questions: string[];
}

export interface AskLoadOptions {
  /** Builds the question of request i (distinct by default). */
  question?: (i: number) => string;
  /** Per-request timeout in ms. */
  timeoutMs?: number;
}

/** `baseUrl` is the server root (e.g. http://127.0.0.1:3000); the probe posts to `/api/ask`. */
export async function runAskLoad(
  baseUrl: string,
  n: number,
  concurrency: number,
  options: AskLoadOptions = {},
): Promise<AskLoadResult> {
  const endpoint = new URL('/api/ask', baseUrl).toString();
  const makeQuestion = options.question ?? ((i: number) => `Question de charge n° ${i} : qu'est-ce que le BOP 147 ?`);
  const timeoutMs = options.timeoutMs ?? 30_000;
  const questions = Array.from({ length: n }, (_, i) => makeQuestion(i));
  const durations: number[] = [];
  const failures: string[] = [];
  let ok = 0;
  let failed = 0;
  let next = 0;

  const fail = (description: string) => {
    failed += 1;
    if (failures.length < 10) failures.push(description);
  };

  const one = async (i: number) => {
    const started = performance.now();
    try {
      const response = await fetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: questions[i] }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const payload = (await response.json()) as { question?: string };
      durations.push(performance.now() - started);
      if (response.status !== 200) fail(`#${i}: HTTP ${response.status}`);
      else if (payload.question !== questions[i]) fail(`#${i}: réponse à une autre question (${String(payload.question)})`);
      else ok += 1;
    } catch (error) {
      fail(`#${i}: ${(error as Error).message}`);
    }
  };

  const worker = async () => {
    while (next < n) {
      const i = next;
      next += 1;
      await one(i);
    }
  };

  const started = performance.now();
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, n)) }, () => worker()));
  const seconds = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  const p95 = durations.length > 0 ? durations[Math.min(durations.length - 1, Math.ceil(durations.length * 0.95) - 1)] : 0;
  return {
    ok,
    failed,
    seconds: Math.round(seconds * 1000) / 1000,
    requestsPerSecond: seconds > 0 ? Math.round((n / seconds) * 10) / 10 : 0,
    p95Ms: Math.round(p95 * 10) / 10,
    failures,
    questions,
  };
}

/**
 * The optional generative composer: asks any OpenAI-compatible server (OpenAI, vLLM, Ollama,
 * LM Studio…) to write the answer from the retrieved passages, then checks it sentence by
 * sentence (llm/output-check.ts). Anything doubtful — no valid citation, too few cited sentences,
 * a link the passages do not hold, our instructions repeated, a refusal, an error, a timeout —
 * returns undefined and
 * `ask` falls back to the extractive answer, so the LLM can only improve wording, never sources.
 */
import type { ChatOpenAICompletions } from '@langchain/openai';
import type { BaseMessage } from '@langchain/core/messages';
import type { Settings } from '../config.js';
import type { DocumentMeta } from '../core/types.js';
import type { SearchHit } from '../search/types.js';
import { citationFor } from './citations.js';
import { checkCitations, isRefusal, truncateAtSentence, TEXT_LIMIT } from './llm/citation-check.js';
import { checkOutput, completeSentences, PromptLeakDetector, type OutputVerdict } from './llm/output-check.js';
import { buildPrompt, loadPromptTemplates, selectPassages, type PromptTemplates } from './llm/prompt.js';
import type { Citation, ConversationTurn, QuestionKind } from '../core/answer.js';

export interface LlmCompositionInput {
  /** The user's question (already resolved against the conversation). */
  question: string;
  kind: QuestionKind;
  /** Retrieved passages, best first (at most ~6 are used, within a character budget). */
  hits: SearchHit[];
  metaByFile: Map<string, DocumentMeta>;
  history?: ConversationTurn[];
  /** Streaming to surfaces that can show it: called with the checked text so far. */
  onToken?: (partialText: string) => void;
  signal?: AbortSignal;
}

export interface LlmComposition {
  text: string;
  citations: Citation[];
}

export interface LlmComposer {
  compose(input: LlmCompositionInput): Promise<LlmComposition | undefined>;
}

export interface LlmLogger {
  warn(msg: string): void;
}

/** Servers without auth (Ollama, vLLM) still need a non-empty key for the client. */
const PLACEHOLDER_KEY = 'sk-no-key-required';

class LlmAbort extends Error {}

/** Rejects when `signal` aborts, so a client that ignores the signal cannot hold the user. */
function raceAbort<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new LlmAbort('aborted'));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (typeof part === 'string' ? part : part && typeof part === 'object' && 'text' in part ? String(part.text) : '')).join('');
  }
  return '';
}

/** A one-line reason without secrets: status and class name, message with the key masked. */
function describeError(error: unknown, secret: string | undefined, timedOut: boolean): string {
  if (timedOut) return 'délai dépassé';
  if (error instanceof LlmAbort || (error instanceof Error && error.name === 'AbortError')) return 'annulé';
  const status = typeof error === 'object' && error !== null && 'status' in error ? ` HTTP ${String((error as { status: unknown }).status)}` : '';
  const name = error instanceof Error ? error.name : 'erreur';
  let message = error instanceof Error ? error.message : String(error);
  if (secret) message = message.split(secret).join('***');
  // Bearer tokens and sk-… keys echoed by a server are masked even when they are not ours.
  message = message.replace(/Bearer\s+\S+/gi, 'Bearer ***').replace(/\bsk-[A-Za-z0-9_-]{6,}/g, 'sk-***');
  return `${name}${status} : ${message.replace(/\s+/g, ' ').slice(0, 160)}`;
}

export function createLlmComposer(settings: Settings, logger?: LlmLogger): LlmComposer | undefined {
  const { LLM_BASE_URL: baseURL, LLM_MODEL: model, LLM_API_KEY: apiKey, LLM_TIMEOUT_MS: timeoutMs } = settings;
  if (!baseURL || !model) return undefined;
  const warn = (message: string) => (logger ?? { warn: (m: string) => process.stderr.write(`${m}\n`) }).warn(message);

  let templates: PromptTemplates;
  try {
    templates = loadPromptTemplates();
  } catch (error) {
    warn(`LLM désactivé : gabarits de prompt illisibles (${error instanceof Error ? error.message : String(error)})`);
    return undefined;
  }

  const leaks = new PromptLeakDetector([templates.system, templates.user, ...Object.values(templates.kinds)]);

  /** Checks text whose markers were renumbered by `checkCitations` against the passages. */
  const vet = (text: string, sources: number[], passages: SearchHit[]): OutputVerdict =>
    checkOutput(
      text,
      (n) => passages[sources[n - 1] ?? -1]?.chunk.text,
      leaks,
      passages.map((hit) => hit.chunk.text),
    );

  // ChatOpenAICompletions is ChatOpenAI's Chat Completions half: ChatOpenAI switches to the
  // Responses API for some model names, which OpenAI-compatible servers do not implement.
  // The LangChain OpenAI client loads on the first generation, not with every run.
  let client: Promise<ChatOpenAICompletions> | undefined;
  const chatClient = () =>
    (client ??= import('@langchain/openai').then(
      ({ ChatOpenAICompletions: Client }) =>
        new Client({
          model,
          apiKey: apiKey ?? PLACEHOLDER_KEY,
          configuration: { baseURL },
          temperature: 0,
          timeout: timeoutMs,
          // A retry would double the wait; the extractive answer is the better fallback.
          maxRetries: 0,
          // stream_options is not understood by every compatible server, and usage is not needed.
          streamUsage: false,
        }),
    ));

  // LangChain costs more than a second to import: loaded only when an LLM is configured, from
  // here in the background, so runs without one never pay for it.
  const langchain = import('@langchain/core/messages');
  void chatClient().catch(() => undefined);

  async function generate(messages: BaseMessage[], input: LlmCompositionInput, signal: AbortSignal, passages: SearchHit[]): Promise<string> {
    const chat = await chatClient();
    if (!input.onToken) {
      const reply = await raceAbort(chat.invoke(messages, { signal }), signal);
      return contentText(reply.content);
    }
    const onToken = input.onToken;
    return raceAbort(
      (async () => {
        let accumulated = '';
        let shown = '';
        let rejected = false;
        const stream = await chat.stream(messages, { signal });
        for await (const chunk of stream) {
          accumulated += contentText(chunk.content);
          if (rejected) continue;
          // Show only complete sentences that passed every check, once one cites a real passage:
          // an answer that will be rejected (injection, link, leak, refusal, no citation) never
          // reaches the user, even partially.
          const partial = checkCitations(completeSentences(accumulated.replace(/\[[^\]]*$/, '')), passages.length);
          if (partial.sources.length === 0 || isRefusal(partial.text)) continue;
          const verdict = vet(partial.text, partial.sources, passages);
          if (!verdict.ok) {
            // A link or a leak condemns the whole answer; too few cited sentences may still improve.
            if (verdict.reason !== 'too-little') rejected = true;
            continue;
          }
          const text = truncateAtSentence(verdict.text, TEXT_LIMIT);
          if (text !== shown) {
            shown = text;
            try {
              onToken(text);
            } catch {
              // A surface's display problem must not cost the answer.
            }
          }
        }
        return accumulated;
      })(),
      signal,
    );
  }

  return {
    async compose(input) {
      const passages = selectPassages(input.hits);
      if (passages.length === 0) return undefined;
      const prompt = buildPrompt(templates, { ...input, passages });
      const { HumanMessage, SystemMessage } = await langchain;
      // The client is ready before the timeout starts: loading it is not the server's slowness.
      await chatClient();
      const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];

      const controller = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
      }, timeoutMs);
      const onOuterAbort = () => controller.abort();
      input.signal?.addEventListener('abort', onOuterAbort, { once: true });
      if (input.signal?.aborted) controller.abort();

      let raw: string;
      try {
        raw = await generate(messages, input, controller.signal, passages);
      } catch (error) {
        warn(`LLM (${model}) sans réponse, réponse extractive utilisée : ${describeError(error, apiKey, timedOut)}`);
        return undefined;
      } finally {
        clearTimeout(timer);
        input.signal?.removeEventListener('abort', onOuterAbort);
      }

      const checked = checkCitations(raw, passages.length);
      if (isRefusal(checked.text)) return undefined;
      if (checked.sources.length === 0) {
        warn(`LLM (${model}) : réponse sans citation valide, réponse extractive utilisée`);
        return undefined;
      }
      const verdict = vet(checked.text, checked.sources, passages);
      if (!verdict.ok) {
        const why =
          verdict.reason === 'leak'
            ? 'la réponse reprend les consignes du système'
            : verdict.reason === 'link'
              ? 'lien, mention ou adresse absent des passages cités'
              : `trop peu de phrases citent un passage (${verdict.detail} du texte)`;
        warn(`LLM (${model}) : ${why}, réponse extractive utilisée`);
        return undefined;
      }
      // Dropped sentences and truncation may leave sources uncited: check again against the kept
      // ones, renumbering by first use (indexes into checked.sources).
      const cut = checkCitations(truncateAtSentence(verdict.text, TEXT_LIMIT), checked.sources.length);
      if (cut.sources.length === 0) return undefined;
      const citations = cut.sources.map((kept, index) => {
        const { chunk } = passages[checked.sources[kept]!]!;
        return citationFor(chunk, input.metaByFile.get(chunk.file), index + 1);
      });
      return { text: cut.text, citations };
    },
  };
}

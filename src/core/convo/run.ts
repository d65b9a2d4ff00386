/**
 * Runs conversation tests against a bot over the Chat API, as Botium runs a convo: a fresh chat user
 * and conversation per test; each #me step sent; each #bot step takes the bot's next message (waiting
 * at most the turn timeout) and checks it; an optional step that does not match leaves the message to
 * the next bot step. The bot's messages are read from the conversation's live stream, opened before
 * the first message is sent, so none is missed.
 *
 *   const results = await runTests(tests, chat, { concurrency: 4, turnTimeoutMs: 10_000, signal }, onResult);
 *
 * `chat` is the API layer's ChatClient for the bot's webhook (no user key): this module names only the
 * calls it makes, so it stays free of the HTTP layer.
 */

/** A bot's message as the Chat API gives it. */
export interface ChatMessageLike {
  readonly id: string;
  readonly userId: string;
  readonly payload: unknown;
}

/** The calls a test makes as its user. */
export interface ConvoUserChat {
  createConversation(input: Record<string, never>, options: { signal: AbortSignal }): Promise<{ conversation: { id: string } }>;
  createMessage(input: { conversationId: string; payload: UserPayload }, options: { signal: AbortSignal }): Promise<unknown>;
  listenConversation(
    conversationId: string,
    options: { signal: AbortSignal; onStatus(status: 'connected' | 'reconnecting'): void },
  ): AsyncIterable<{ type: string; data?: unknown }>;
}

/** The bot's Chat API, before a user exists. */
export interface ConvoChat {
  createUser(input: { name?: string; profile?: string }, options: { signal: AbortSignal }): Promise<{ user: { id: string }; key: string }>;
  withUserKey(key: string): ConvoUserChat;
}
import { botMessage, checkMessage, describeMessage, describeStep } from './match';
import type { ConvoTest, Step } from './model';

/**
 * How a test's conversation is known afterwards. The Chat API's createConversation takes no tags (only a
 * foreign id, which would replace the id the explorer opens it by), so the mark is on its user: a test
 * user has this name and profile, which the chat integration keeps on the Botpress user (its `profile` tag).
 */
export const testUser = { name: 'Conversation test', profile: JSON.stringify({ botpressToolkit: 'conversation-test' }) } as const;

/** Whether a user, by its tags as the Botpress API gives them (`profile`, or `chat:profile`), was made by a test run. */
export function isTestUser(tags: Readonly<Record<string, string | undefined>> | undefined): boolean {
  return Object.entries(tags ?? {}).some(([key, value]) => (key === 'profile' || key.endsWith(':profile')) && value === testUser.profile);
}

export interface RunOptions {
  /** How long a #bot step waits for the bot's next message. */
  readonly turnTimeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface Failure {
  /** The file and line to show it at: the failing text or asserter line, or the section's tag. */
  readonly file: string;
  readonly line: number;
  readonly message: string;
  /** The step as written, and the bot's message written the same way: a diff of the two shows what differs. */
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * The two sides of a failure's diff, each opened by the same `#bot` line, as the step is written: the
 * test view floats its buttons (Open Conversation, Open Conversation Logs) over the diff's first line,
 * which then hides nothing the bot said.
 */
export function failureDiff(failure: Failure): { expected: string; actual: string } | undefined {
  if (failure.expected === undefined) return undefined;
  return { expected: `#bot\n${failure.expected}`, actual: `#bot\n${failure.actual ?? ''}` };
}

export interface TranscriptLine {
  readonly sender: 'me' | 'bot';
  readonly text: string;
  readonly line?: number;
}

export interface TestResult {
  readonly test: ConvoTest;
  /** `errored`: the test could not be carried out (network, the bot refused: see `error`); `cancelled`: stopped by the signal. */
  readonly status: 'passed' | 'failed' | 'errored' | 'cancelled';
  readonly failure?: Failure;
  /** What kept an `errored` test from running, as thrown. */
  readonly error?: unknown;
  readonly conversationId?: string;
  readonly userId?: string;
  readonly durationMs: number;
  readonly transcript: TranscriptLine[];
}

/** Runs every test, at most `concurrency` at a time; `onResult` hears each one as it ends. Results keep the tests' order. */
export async function runTests(
  tests: readonly ConvoTest[],
  chat: ConvoChat,
  options: RunOptions & { readonly concurrency: number; onStart?(test: ConvoTest): void },
  onResult?: (result: TestResult) => void,
): Promise<TestResult[]> {
  const results: TestResult[] = new Array(tests.length);
  let next = 0;
  const worker = async () => {
    while (next < tests.length) {
      const i = next++;
      options.onStart?.(tests[i]!);
      results[i] = await runTest(tests[i]!, chat, options);
      onResult?.(results[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, tests.length)) }, worker));
  return results;
}

class Cancelled extends Error {}
class Timeout extends Error {}

/** One test: never throws; what went wrong is in the result. */
export async function runTest(test: ConvoTest, chat: ConvoChat, options: RunOptions): Promise<TestResult> {
  const started = Date.now();
  const transcript: TranscriptLine[] = [];
  const abort = new AbortController();
  const stop = () => abort.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  let conversationId: string | undefined;
  let userId: string | undefined;
  const done = (status: TestResult['status'], failure?: Failure, error?: unknown): TestResult => ({
    test,
    status,
    failure,
    error,
    conversationId,
    userId,
    durationMs: Date.now() - started,
    transcript,
  });
  try {
    if (abort.signal.aborted) return done('cancelled');
    const { user, key } = await chat.createUser({ ...testUser }, { signal: abort.signal });
    userId = user.id;
    const me = chat.withUserKey(key);
    const { conversation } = await me.createConversation({}, { signal: abort.signal });
    conversationId = conversation.id;
    const inbox = new Inbox(abort.signal);
    await inbox.listen(me, conversation.id, user.id, options.turnTimeoutMs);

    let skipOptional = false;
    for (let i = 0; i < test.steps.length; i++) {
      const step = test.steps[i]!;
      if (!step.optional) skipOptional = false;
      else if (skipOptional) continue;
      if (step.sender === 'me') {
        for (const hook of step.hooks) await hookBefore(hook, inbox, abort.signal);
        const payload = userPayload(step);
        if (payload) {
          await me.createMessage({ conversationId: conversation.id, payload }, { signal: abort.signal });
          transcript.push({
            sender: 'me',
            text:
              payload.type === 'text'
                ? String(payload.text)
                : payload.type === 'image'
                  ? `MEDIA ${String(payload.imageUrl)}`
                  : JSON.stringify(payload),
            line: step.textLine ?? step.line,
          });
        }
      } else if (step.sender === 'bot') {
        let message: ChatMessageLike;
        try {
          message = await inbox.next(options.turnTimeoutMs);
        } catch (err) {
          if (!(err instanceof Timeout)) throw err;
          if (step.optional) {
            skipOptional = true;
            continue;
          }
          return done('failed', {
            file: step.file,
            line: step.line,
            message: `The bot did not answer within ${formatSeconds(options.turnTimeoutMs)}.`,
            expected: describeStep(step),
            actual: '(no message)',
          });
        }
        const received = botMessage(message.payload);
        const mismatches = checkMessage(step, received, message.payload);
        if (mismatches.length && step.optional && test.steps[i + 1]?.sender === 'bot') {
          inbox.putBack(message);
          continue;
        }
        transcript.push({
          sender: 'bot',
          text: describeMessage(received) || JSON.stringify(message.payload),
          line: step.textLine ?? step.line,
        });
        if (mismatches.length) {
          const first = mismatches[0]!;
          return done('failed', {
            file: step.file,
            line: first.line,
            message: mismatches.map((m) => m.message).join('\n'),
            expected: first.expected,
            actual: first.actual,
          });
        }
        for (const hook of step.hooks) await hookBefore(hook, inbox, abort.signal);
      } else {
        for (const hook of step.hooks) await hookBefore(hook, inbox, abort.signal);
      }
    }
    return done('passed');
  } catch (err) {
    if (abort.signal.aborted || err instanceof Cancelled) return done('cancelled');
    return done('errored', { file: test.file, line: test.line, message: err instanceof Error ? err.message : String(err) }, err);
  } finally {
    options.signal?.removeEventListener('abort', stop);
    abort.abort();
  }
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(1))} s`;

/** A Chat API message payload: text and image from the toolkit, any typed payload from a JSON #me text. */
export type UserPayload = { type: 'text'; text: string } | { type: 'image'; imageUrl: string } | { type: string; [key: string]: unknown };

/**
 * What a #me step sends: a BUTTON's payload (as a clicked choice sends it), a MEDIA attachment, a JSON
 * text as the payload itself (Botium's structured data), or the text (`''` too: Botium sends an empty
 * message for a #me of blank lines).
 */
function userPayload(step: Step): UserPayload | undefined {
  const button = step.inputs.find((i) => i.name === 'BUTTON');
  if (button) return { type: 'text', text: button.args[0]! };
  const media = step.inputs.find((i) => i.name === 'MEDIA');
  if (media) return { type: 'image', imageUrl: media.args[0]! };
  if (step.data !== undefined) return step.data as UserPayload;
  return step.text !== undefined ? { type: 'text', text: step.text } : undefined;
}

/** PAUSE waits; WAITFORBOT takes the bot's next message if one comes within the time given. */
async function hookBefore(hook: Step['hooks'][number], inbox: Inbox, signal: AbortSignal): Promise<void> {
  const ms = Number(hook.args[0]);
  if (hook.name === 'PAUSE') await delay(ms, signal);
  if (hook.name === 'WAITFORBOT') await inbox.next(ms).catch((err) => (err instanceof Timeout ? undefined : Promise.reject(err)));
}

function delay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const cancel = () => {
      clearTimeout(timer);
      reject(new Cancelled());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', cancel);
      resolve();
    }, ms);
    if (signal.aborted) cancel();
    else signal.addEventListener('abort', cancel, { once: true });
  });
}

/** The bot's messages of one conversation, in order, as the live stream delivers them. */
class Inbox {
  private readonly queue: ChatMessageLike[] = [];
  private waiter?: { resolve: () => void };
  private failure?: unknown;

  constructor(private readonly signal: AbortSignal) {}

  /** Opens the stream and resolves once it is connected (throws when it cannot be within `timeoutMs`). */
  listen(chat: ConvoUserChat, conversationId: string, userId: string, timeoutMs: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`The conversation's event stream did not open within ${formatSeconds(timeoutMs)}.`)),
        timeoutMs,
      );
      const settle = (err?: unknown) => {
        clearTimeout(timer);
        if (err) reject(err);
        else resolve();
      };
      const onStatus = (status: string) => status === 'connected' && settle();
      const stream = chat.listenConversation(conversationId, { signal: this.signal, onStatus });
      void (async () => {
        try {
          for await (const signal of stream) {
            const message = signal.data as ChatMessageLike;
            if (signal.type === 'message_created' && message.userId !== userId) this.push(message);
          }
          settle(new Cancelled());
        } catch (err) {
          this.failure = err;
          settle(err);
        }
        this.wake();
      })();
    });
  }

  putBack(message: ChatMessageLike): void {
    this.queue.unshift(message);
  }

  /** The next message, waiting at most `timeoutMs`. */
  async next(timeoutMs: number): Promise<ChatMessageLike> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const message = this.queue.shift();
      if (message) return message;
      if (this.signal.aborted) throw new Cancelled();
      if (this.failure) throw this.failure;
      const left = deadline - Date.now();
      if (left <= 0) throw new Timeout();
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = {
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        };
      });
    }
  }

  private push(message: ChatMessageLike): void {
    this.queue.push(message);
    this.wake();
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve();
  }
}

// What answers a bot's incoming messages and events. A bot whose code is deployed runs it as Botpress
// Cloud does: in a process of its own (bot-host.cjs), its exported `handler(request)` called with the
// request shape the official SDK's bot server reads (POST; x-bot-id, x-bot-user-id, x-bp-operation,
// x-bp-type, x-bp-configuration as base64 JSON; body `{ event }`), `BP_API_URL` pointing here and a token
// the runtime API accepts for that bot alone. What it prints becomes its log lines. A bot without code
// keeps the demo answer: an echo and a rich reply per keyword.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import type { Conversation, Event, Message, User } from '@botpress/client';
import { residentBytes, stopWithParent, WATCHDOG_MEMORY, watchdogSource } from '../core/processes';
import type { LogLevel, LogLine } from './logs';
import { demoReplies, textOf, type Payload } from './payloads';
import * as make from './resources';
import type { BotRecord, Store } from './store';
import { errorOf, handlerError, memoryLimit, timeLimit, type FailureContext } from './issues';

export interface RuntimeLimits {
  /** Bot processes running at once; the least recently used is stopped first. Default 8. */
  maxProcesses?: number;
  /**
   * Memory of each bot process, in MB: its V8 heap, and its resident memory (Buffers and other memory outside
   * the heap too) past this much over what an idle bot process holds. Default 256.
   */
  memoryMb?: number;
  /** Time a handler, or loading the code, may take when the bot sets no `maxExecutionTime`, in ms. Default 60 s. */
  timeoutMs?: number;
}

/** A request as the SDK's `handler` receives it, and what it answers. */
export interface BotRequest {
  method: 'POST';
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}
export interface BotResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

type Operation = 'register' | 'event_received' | 'ping' | 'action_triggered';
type Context = Pick<LogLine, 'conversationId' | 'userId'>;
type HostMessage =
  | { kind: 'loaded' }
  | { kind: 'load-failed'; error: string }
  | { kind: 'log'; level: LogLevel; text: string; call?: number }
  | { kind: 'result'; id: number; response?: BotResponse; error?: string };

interface Call {
  resolve: (response: Answer) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
  context: Context;
  /** What the code printed at the error level during the call (the SDK logs what a handler threw, then answers 500). */
  printed: string[];
}

/** A handler's response, with the error lines it printed. */
type Answer = BotResponse & { printed: string[] };
/** Why a call failed, for its issue: the handler threw (its stack), or a limit stopped it. */
type CallError = Error & { thrown?: string; limit?: { kind: 'time'; ms: number } | { kind: 'memory' } };

interface Running {
  child: ChildProcess;
  ready: Promise<void>;
  calls: Map<number, Call>;
  /** The memory sampler stopped it. */
  overMemory?: boolean;
  /** What an uncaught exception or unhandled rejection printed as it ended the process (bot-host.cjs). */
  crash?: string;
}

const host = path.join(__dirname, 'bot-host.cjs');
/** Resident memory of a bot process with nothing loaded (about 45 MB), added to the limit. */
const BASELINE_MB = 64;
const levels: readonly string[] = ['debug', 'info', 'warn', 'error'] satisfies LogLevel[];
const isDict = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A message from a bot process, checked: the bot's code shares that process and can call `process.send` itself. */
function hostMessage(m: unknown): HostMessage | undefined {
  if (!isDict(m)) return undefined;
  switch (m.kind) {
    case 'loaded':
      return { kind: 'loaded' };
    case 'load-failed':
      return typeof m.error === 'string' ? { kind: 'load-failed', error: m.error } : undefined;
    case 'log':
      return typeof m.text === 'string' && levels.includes(m.level as string) && (m.call === undefined || typeof m.call === 'number')
        ? { kind: 'log', level: m.level as LogLevel, text: m.text, call: m.call as number | undefined }
        : undefined;
    case 'result': {
      if (typeof m.id !== 'number') return undefined;
      if (m.response === undefined) return typeof m.error === 'string' ? { kind: 'result', id: m.id, error: m.error } : undefined;
      const r = m.response;
      const valid =
        isDict(r) &&
        Number.isInteger(r.status) &&
        typeof r.body === 'string' &&
        isDict(r.headers) &&
        Object.values(r.headers).every((v) => typeof v === 'string');
      return valid ? { kind: 'result', id: m.id, response: r as unknown as BotResponse } : undefined;
    }
    default:
      return undefined;
  }
}

export class Runtime {
  private readonly running = new Map<string, Running>();
  private readonly tokens = new Map<string, string>();
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Measures the bot processes' resident memory while any runs. */
  private sampler?: NodeJS.Timeout;
  private nextCall = 1;
  private readonly maxProcesses: number;
  private readonly memoryMb: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly store: Store,
    /** The emulator's URL, the bots' `BP_API_URL` (known once it listens). */
    private readonly apiUrl: () => string,
    /** Delay of the demo answer's first reply, in ms (each further reply follows after a third of it). */
    private readonly replyDelay: () => number,
    limits: RuntimeLimits = {},
  ) {
    this.maxProcesses = limits.maxProcesses ?? 8;
    this.memoryMb = limits.memoryMb ?? 256;
    this.timeoutMs = limits.timeoutMs ?? 60_000;
    store.messageListeners.add(this.onMessage);
  }

  private readonly onMessage = (record: BotRecord, message: Message, change: 'created' | 'deleted'): void => {
    if (change === 'created' && message.direction === 'incoming') this.incoming(record, message);
  };

  /** The bot a runtime token belongs to. */
  botOfToken(token: string): string | undefined {
    return this.tokens.get(token);
  }

  /** Bots whose processes run now, least recently used first. */
  processes(): string[] {
    return [...this.running.keys()];
  }

  /** After a deploy that set the bot's code: its process is replaced, and the new code gets `register`. */
  deployed(record: BotRecord): void {
    this.stop(record.bot.id);
    record.logSource.until ??= Date.now();
    void this.call(record, 'register', 'register', {}, {}).then(
      (res) => res.status >= 400 && this.log(record, 'error', `register failed: ${reason(res)}`, {}),
      (error: Error) => this.log(record, 'error', `register failed: ${error.message}`, {}),
    );
  }

  /** The bot was deleted: its process ends and its token stops working. */
  deleted(botId: string): void {
    this.stop(botId);
    for (const [token, id] of this.tokens) if (id === botId) this.tokens.delete(token);
  }

  /** A user's message reached the bot: its code gets `message_created`, or the demo answers. */
  incoming(record: BotRecord, message: Message): void {
    if (record.code === undefined) {
      this.demoAnswer(record, message);
      return;
    }
    const { runtime } = record;
    const user = runtime.users.find((u) => u.id === message.userId) as User;
    const conversation = runtime.conversations.find((c) => c.id === message.conversationId) as Conversation;
    const event = make.event({
      id: this.store.ids.ulid('evt', Date.now()),
      type: 'message_created',
      payload: { message, user, conversation },
      conversationId: message.conversationId,
      userId: message.userId,
      messageId: message.id,
      status: 'pending',
    });
    void this.deliver(record, event);
  }

  /** An event for the bot (createEvent, a chat user's custom event): stored, and given to its code. */
  event(record: BotRecord, event: Event): Promise<void> {
    record.runtime.events.push(event);
    return record.code === undefined ? Promise.resolve() : this.deliver(record, event);
  }

  /** Calls the bot's handler with `event_received`; the event ends processed, or failed with an ERROR line. */
  private async deliver(record: BotRecord, event: Event): Promise<void> {
    if (!record.runtime.events.includes(event)) record.runtime.events.push(event);
    const context = { conversationId: event.conversationId, userId: event.userId };
    let failure: string | undefined;
    const where: FailureContext = { eventType: event.type, eventId: event.id, ...context, messageId: event.messageId, at: Date.now() };
    try {
      const res = await this.call(record, 'event_received', event.type, { event }, context);
      if (res.status >= 400) failure = reason(res);
      // The SDK answers what a handler threw with an error status, after printing the error and its stack (an API
      // error it only names): the printed error, else the answer's message.
      if (res.status >= 400) {
        const thrown = res.printed.map(errorOf).find(Boolean) ?? { message: failure!.replace(/^\d+ /, ''), stack: '' };
        this.store.issues.report(record.bot.id, handlerError({ ...where, at: Date.now() }, thrown));
      }
    } catch (error) {
      const e = error as CallError;
      failure = e.message;
      const at = { ...where, at: Date.now() };
      const thrown = e.thrown === undefined ? undefined : (errorOf(e.thrown) ?? { message: firstLine(e.thrown), stack: e.thrown });
      if (thrown) this.store.issues.report(record.bot.id, handlerError(at, thrown));
      else if (e.limit?.kind === 'time') this.store.issues.report(record.bot.id, timeLimit(at, e.limit.ms));
      else if (e.limit?.kind === 'memory') this.store.issues.report(record.bot.id, memoryLimit(at, this.memoryMb));
    }
    event.status = failure === undefined ? 'processed' : 'failed';
    event.failureReason = failure === undefined ? null : failure.slice(0, 2000);
    if (failure !== undefined) this.log(record, 'error', `Event ${event.type} (${event.id}) failed: ${failure}`, context);
  }

  /** One call of the bot's handler, in its process (started first if it is not running). */
  private async call(record: BotRecord, operation: Operation, type: string, body: object, context: Context): Promise<Answer> {
    const running = this.process(record);
    await running.ready;
    const request: BotRequest = {
      method: 'POST',
      path: '/',
      query: '',
      headers: {
        'content-type': 'application/json',
        'x-bot-id': record.bot.id,
        'x-bot-user-id': record.bot.id,
        'x-bp-operation': operation,
        'x-bp-type': type,
        'x-bp-configuration': Buffer.from(JSON.stringify(record.bot.configuration.data ?? {})).toString('base64'),
      },
      body: JSON.stringify(body),
    };
    const limitMs = record.bot.maxExecutionTime ? record.bot.maxExecutionTime * 1000 : this.timeoutMs;
    const id = this.nextCall++;
    return new Promise<Answer>((resolve, reject) => {
      const timer = setTimeout(() => {
        running.calls.delete(id);
        const error: CallError = new Error(
          `The handler did not answer within ${limitMs / 1000} s (maxExecutionTime); its process was stopped`,
        );
        reject(Object.assign(error, { limit: { kind: 'time', ms: limitMs } }));
        this.stop(record.bot.id);
      }, limitMs);
      running.calls.set(id, { resolve, reject, timer, context, printed: [] });
      running.child.send({ kind: 'call', id, request });
    });
  }

  /** The bot's running process, or a new one loading its code (the least recently used is stopped past the limit). */
  private process(record: BotRecord): Running {
    const botId = record.bot.id;
    const existing = this.running.get(botId);
    if (existing) {
      this.running.delete(botId);
      this.running.set(botId, existing);
      return existing;
    }
    while (this.running.size >= this.maxProcesses) this.stop(this.running.keys().next().value!);

    const child = fork(host, [], {
      // Source maps (a bundle deployed with inline ones) turn the stacks of its errors into lines of its sources.
      execArgv: [`--max-old-space-size=${this.memoryMb}`, '--enable-source-maps'],
      // Deployed code runs as the user, unsandboxed (README): only what it needs is in its environment.
      env: {
        // The bot's secrets (updateBot.secrets, newer-fields.ts), where the SDK's generated secrets module reads them.
        ...Object.fromEntries(Object.entries(record.secrets ?? {}).map(([name, value]) => [`SECRET_${name}`, value])),
        BP_API_URL: this.apiUrl(),
        BP_TOKEN: this.tokenOf(botId),
        BP_BOT_ID: botId,
        BP_LOG_FORMAT: 'json',
        NODE_ENV: 'production',
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      serialization: 'json',
    });
    const calls = new Map<number, Call>();
    let loaded: () => void = () => {};
    let failed: (error: Error) => void = () => {};
    const ready = new Promise<void>((resolve, reject) => {
      loaded = resolve;
      failed = reject;
    });
    ready.catch(() => {});
    const running: Running = { child, ready, calls };
    this.running.set(botId, running);
    stopWithParent(child);
    this.watchMemory();
    // Loading has a time limit too: code looping at load time never says `loaded`.
    const loadLimitMs = record.bot.maxExecutionTime ? record.bot.maxExecutionTime * 1000 : this.timeoutMs;
    const loadTimer = setTimeout(() => {
      const error = `The deployed code did not load within ${loadLimitMs / 1000} s (a loop at load time?); its process was stopped`;
      this.log(record, 'error', error, {});
      failed(new Error(error));
      this.stop(botId);
    }, loadLimitMs);
    void ready.then(
      () => clearTimeout(loadTimer),
      () => clearTimeout(loadTimer),
    );
    let stderrTail = '';

    /** What a line is about: its call's event, or the only call in flight for raw output. */
    const about = (call?: number): Context =>
      (call !== undefined ? calls.get(call)?.context : calls.size === 1 ? calls.values().next().value!.context : undefined) ?? {};
    child.on('message', (raw: unknown) => {
      const message = hostMessage(raw);
      if (!message) {
        const shown = (JSON.stringify(raw) ?? String(raw)).slice(0, 200);
        return this.log(record, 'error', `The bot's process sent a malformed message, ignored: ${shown}`, about());
      }
      if (message.kind === 'loaded') loaded();
      else if (message.kind === 'load-failed') {
        this.log(record, 'error', `The deployed code could not be loaded: ${message.error}`, {});
        failed(new Error(`The deployed code could not be loaded: ${firstLine(message.error)}`));
        this.stop(botId);
      } else if (message.kind === 'log') {
        const shown = this.printed(record, message.level, message.text, about(message.call));
        if (message.level === 'error' && message.call !== undefined) calls.get(message.call)?.printed.push(shown);
        if (message.level === 'error' && /^(Uncaught exception|Unhandled promise rejection): /.test(shown)) running.crash = shown;
      } else if (message.kind === 'result') {
        const call = calls.get(message.id);
        if (!call) return;
        calls.delete(message.id);
        clearTimeout(call.timer);
        if (message.response) call.resolve({ ...message.response, printed: call.printed });
        else {
          const thrown = message.error ?? 'unknown error';
          call.reject(Object.assign(new Error(`The handler threw: ${firstLine(thrown)}`), { thrown }));
        }
      }
    });
    for (const [stream, level] of [
      [child.stdout!, 'info'],
      [child.stderr!, 'error'],
    ] as const) {
      let buffered = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => {
        if (level === 'error') stderrTail = (stderrTail + chunk).slice(-500);
        if (level === 'error' && /heap out of memory/i.test(chunk)) running.overMemory = true;
        const lines = (buffered + chunk).split('\n');
        buffered = lines.pop()!;
        for (const line of lines) if (line.trim()) this.printed(record, level, line, about());
      });
    }
    // A message sent as the process dies fails with EPIPE: the exit below answers for the calls it held.
    child.on('error', (err) => {
      if (child.exitCode === null && child.signalCode === null)
        this.log(record, 'error', `The bot's process cannot be reached: ${err.message}`, about());
    });
    // 'close', after its output has been read: a V8 heap failure is known by what it printed last.
    child.on('close', (code, signal) => {
      clearTimeout(loadTimer);
      if (this.running.get(botId) === running) this.running.delete(botId);
      const outOfMemory = running.overMemory || stderrTail.includes(WATCHDOG_MEMORY);
      const why = outOfMemory
        ? `used more than its memory limit (${this.memoryMb} MB)`
        : signal
          ? `was stopped (${signal})`
          : `exited with code ${code}`;
      failed(new Error(`The bot's process ${why} before its code loaded`));
      if (calls.size) this.log(record, 'error', `The bot's process ${why} while handling ${calls.size} request(s)`, about());
      for (const call of calls.values()) {
        clearTimeout(call.timer);
        // Out of memory is a limit; an uncaught exception that ended the process is the code's own error.
        const cause = outOfMemory ? { limit: { kind: 'memory' } } : running.crash ? { thrown: running.crash.replace(/^[^:]+: /, '') } : {};
        call.reject(Object.assign(new Error(`The bot's process ${why}`), cause));
      }
      calls.clear();
    });
    child.send({
      kind: 'load',
      code: record.code,
      watchdog: { source: watchdogSource, workerData: { ppid: process.pid, residentLimitBytes: this.residentLimit(), intervalMs: 100 } },
    });
    return running;
  }

  private residentLimit(): number {
    return (this.memoryMb + BASELINE_MB) * 1024 * 1024;
  }

  /** Resident memory measured from outside (a bot in a loop cannot hide it): a process past the limit is stopped. */
  private watchMemory(): void {
    if (this.sampler) return;
    this.sampler = setInterval(() => {
      if (!this.running.size) {
        clearInterval(this.sampler);
        this.sampler = undefined;
        return;
      }
      for (const [botId, running] of this.running) {
        const rss = residentBytes(running.child.pid);
        if (rss === undefined || rss <= this.residentLimit()) continue;
        const record = this.store.bots.get(botId);
        if (record)
          this.log(
            record,
            'error',
            `The bot's process held ${Math.round(rss / 1048576)} MB, over its memory limit (${this.memoryMb} MB): it was stopped`,
            {},
          );
        running.overMemory = true;
        this.stop(botId);
      }
    }, 200);
    this.sampler.unref();
  }

  /** The token the bot's process calls the runtime API with (one per bot, until it is deleted). */
  tokenOf(botId: string): string {
    for (const [token, id] of this.tokens) if (id === botId) return token;
    const token = `bp_bot_${randomBytes(24).toString('base64url')}`;
    this.tokens.set(token, botId);
    return token;
  }

  private stop(botId: string): void {
    const running = this.running.get(botId);
    if (!running) return;
    this.running.delete(botId);
    running.child.kill('SIGKILL');
  }

  /** A line the bot printed: the SDK logger's JSON form (`BP_LOG_FORMAT=json`) gives its ids, else the request's are used. */
  /** …and returns the line's message. */
  private printed(record: BotRecord, level: LogLevel, text: string, context: Context): string {
    let message = text;
    const ids: LogLine = { ...context } as LogLine;
    try {
      const parsed = JSON.parse(text) as { msg?: unknown; options?: Record<string, unknown> };
      if (typeof parsed.msg === 'string') {
        message = parsed.msg;
        const o = parsed.options ?? {};
        for (const key of ['conversationId', 'userId', 'workflowId'] as const) if (typeof o[key] === 'string') ids[key] = o[key];
      }
    } catch {
      // plain text
    }
    this.log(record, level, message, ids);
    return message;
  }

  private log(record: BotRecord, level: LogLevel, message: string, ids: Partial<LogLine>): void {
    const line: Omit<LogLine, 'timestamp'> = { level, message: message.slice(0, 20_000) };
    for (const key of ['workflowId', 'userId', 'conversationId'] as const) if (ids[key]) line[key] = ids[key];
    this.store.logs.record(record.logSource, line);
  }

  /** The demo answer: after a short, human-like pause, its replies arrive one after the other. */
  private demoAnswer(record: BotRecord, incoming: Message): void {
    let delay = this.replyDelay();
    for (const reply of demoReplies(textOf({ type: incoming.type, ...incoming.payload } as Payload))) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        if (!this.store.bots.has(record.bot.id)) return;
        const message = make.message({
          id: this.store.ids.ulid('msg', Date.now()),
          payload: reply,
          direction: 'outgoing',
          userId: record.bot.id,
          conversationId: incoming.conversationId,
        });
        this.store.addMessage(record, message);
      }, delay);
      this.timers.add(timer);
      delay += Math.max(20, Math.round(this.replyDelay() / 3));
    }
  }

  close(): void {
    clearInterval(this.sampler);
    this.store.messageListeners.delete(this.onMessage);
    for (const t of this.timers) clearTimeout(t);
    for (const botId of [...this.running.keys()]) this.stop(botId);
  }
}

function reason(res: BotResponse): string {
  try {
    const body = JSON.parse(res.body) as { message?: unknown };
    if (typeof body.message === 'string') return `${res.status} ${body.message}`;
  } catch {
    // not JSON
  }
  return `status ${res.status}${res.body ? `: ${res.body.slice(0, 200)}` : ''}`;
}

const firstLine = (text: string) => text.split('\n')[0];

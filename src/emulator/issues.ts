// A bot's runtime issues (listBotIssues, getBotIssue, listBotIssueEvents, deleteBotIssue), made from what happens
// in the emulator: a deployed handler that throws (`user_code`), one past its time or memory limit (`limits`), an
// integration called with a configuration its schema refuses (`configuration`). Occurrences of one problem are
// grouped into one issue (same code and same grouping data, e.g. the error's message); each is an event of it.
import Ajv from 'ajv';
import { botIn, type CloudCall, type CloudHandler } from './cloud';
import { listOf, notFound } from './lists';
import { ApiError } from './spec';

export type IssueCategory = 'user_code' | 'limits' | 'configuration' | 'other';
/** A value of an issue's `groupedData` or an event's `data`: the raw text, and a form to show when it differs. */
export type IssueValue = { raw: string; pretty?: string };
export type IssueData = Record<string, IssueValue>;
type Dict = Record<string, unknown>;

export interface Issue {
  id: string;
  code: string;
  createdAt: string;
  lastSeenAt: string;
  title: string;
  description: string;
  groupedData: IssueData;
  eventsCount: number;
  category: IssueCategory;
  resolutionLink: string | null;
}
export interface IssueEvent {
  id: string;
  createdAt: string;
  data: IssueData;
}

/** One thing that went wrong: what makes it an issue (code, grouping data, texts) and its own data. */
export interface Occurrence {
  code: string;
  category: IssueCategory;
  title: string;
  description: string;
  /** What every occurrence of the issue shares: occurrences with the same code and grouped data are one issue. */
  groupedData: IssueData;
  resolutionLink?: string | null;
  /** This occurrence's own data (conversation, user, stack…). */
  data: IssueData;
  at: number;
}

/** Events kept per issue (the newest); `eventsCount` counts them all. */
export const keptEvents = 100;
const docs = 'https://botpress.com/docs';

const text = (raw: string, pretty?: string): IssueValue => (pretty === undefined || pretty === raw ? { raw } : { raw, pretty });
const present = (data: Record<string, string | undefined>): IssueData =>
  Object.fromEntries(Object.entries(data).flatMap(([k, v]) => (v === undefined || v === '' ? [] : [[k, text(v)]])));
const groupKey = (o: Pick<Occurrence, 'code' | 'groupedData'>) =>
  JSON.stringify([o.code, Object.entries(o.groupedData).sort(([a], [b]) => a.localeCompare(b))]);

/** Every bot's issues, newest occurrence last in each issue's events. */
export class IssueBook {
  private readonly byBot = new Map<string, { issue: Issue; events: IssueEvent[] }[]>();

  constructor(private readonly newId: (prefix: string, at: number) => string) {}

  /** Records an occurrence: a new event of the open issue it belongs to, or a new issue. */
  report(botId: string, o: Occurrence): Issue {
    const issues = this.byBot.get(botId) ?? [];
    this.byBot.set(botId, issues);
    const at = new Date(o.at).toISOString();
    const key = groupKey(o);
    let entry = issues.find((e) => groupKey(e.issue) === key);
    if (!entry) {
      entry = {
        issue: {
          id: this.newId('issue', o.at),
          code: o.code,
          createdAt: at,
          lastSeenAt: at,
          title: o.title.slice(0, 500),
          description: o.description,
          groupedData: o.groupedData,
          eventsCount: 0,
          category: o.category,
          resolutionLink: o.resolutionLink ?? null,
        },
        events: [],
      };
      issues.push(entry);
    }
    entry.issue.eventsCount++;
    if (at > entry.issue.lastSeenAt) entry.issue.lastSeenAt = at;
    entry.events.push({ id: this.newId('issue_evt', o.at), createdAt: at, data: o.data });
    if (entry.events.length > keptEvents) entry.events.splice(0, entry.events.length - keptEvents);
    return entry.issue;
  }

  /** A bot's issues, the most recently seen first. */
  list(botId: string): Issue[] {
    return (this.byBot.get(botId) ?? []).map((e) => e.issue).sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
  }

  get(botId: string, issueId: string): Issue {
    return this.entry(botId, issueId).issue;
  }

  /** An issue's kept events, newest first. */
  events(botId: string, issueId: string): IssueEvent[] {
    return [...this.entry(botId, issueId).events].reverse();
  }

  /** Resolves an issue: it is gone, and a new occurrence opens a new one. */
  delete(botId: string, issueId: string): void {
    const issues = this.byBot.get(botId) ?? [];
    issues.splice(issues.indexOf(this.entry(botId, issueId)), 1);
  }

  /** The bot was deleted. */
  forget(botId: string): void {
    this.byBot.delete(botId);
  }

  /** For persistence: every bot's issues and events, and back. */
  snapshot(): Record<string, { issue: Issue; events: IssueEvent[] }[]> {
    return Object.fromEntries(this.byBot);
  }
  restore(saved: Record<string, { issue: Issue; events: IssueEvent[] }[]> | undefined): void {
    for (const [botId, entries] of Object.entries(saved ?? {})) this.byBot.set(botId, entries);
  }

  private entry(botId: string, issueId: string) {
    return this.byBot.get(botId)?.find((e) => e.issue.id === issueId) ?? notFound('Issue', issueId);
  }
}

// ---- what makes an occurrence ------------------------------------------------------------------------

/** Where a failure happened: the event being handled. */
export interface FailureContext {
  eventType: string;
  eventId: string;
  conversationId?: string;
  userId?: string;
  messageId?: string;
  at: number;
}

/** The error and its stack from what a handler reported: a stack as Node prints it (`Error: msg\n    at …`). */
export function errorOf(report: string): { message: string; stack: string } | undefined {
  const match = /(^|\s)((?:[A-Z]\w*)?(?:Error|Exception)\b[^\n]*)((?:\n\s+at [^\n]+)+)/.exec(report);
  if (!match) return undefined;
  return { message: match[2].trim(), stack: `${match[2].trim()}${match[3]}` };
}

/** A stack without the emulator's own frames: the bot host that called the handler, and what called it. */
const botFrames = (stack: string) => {
  const lines = stack.split('\n');
  const host = lines.findIndex((l) => /^\s+at .*bot-host\.cjs:\d+/.test(l));
  return (host < 0 ? lines : lines.slice(0, host)).join('\n');
};

/** A handler threw (or the SDK answered an error status after logging what its handler threw). */
export function handlerError(ctx: FailureContext, error: { message: string; stack: string }): Occurrence {
  return {
    code: 'unhandled_error',
    category: 'user_code',
    title: `Unhandled error: ${error.message}`,
    description:
      'The bot’s code threw an error it did not catch while handling an event; the event failed. The stack names where it was thrown.',
    groupedData: { errorMessage: text(error.message) },
    resolutionLink: null,
    data: { ...contextData(ctx), ...(error.stack ? { stack: text(botFrames(error.stack)) } : {}) },
    at: ctx.at,
  };
}

/** A handler ran past the bot's `maxExecutionTime` (or the emulator's time limit): its process was stopped. */
export function timeLimit(ctx: FailureContext, limitMs: number): Occurrence {
  return {
    code: 'execution_timeout',
    category: 'limits',
    title: `Handler ran past its ${limitMs / 1000} s time limit`,
    description:
      'A handler did not answer within the bot’s maxExecutionTime: it was stopped and the event failed. ' +
      'Look for a loop, a call that never returns, or raise maxExecutionTime.',
    groupedData: { limit: text(String(limitMs), `${limitMs / 1000} s`) },
    resolutionLink: `${docs}/limits`,
    data: contextData(ctx),
    at: ctx.at,
  };
}

/** The bot's process went past its memory limit: it was stopped. */
export function memoryLimit(ctx: FailureContext, limitMb: number): Occurrence {
  return {
    code: 'memory_limit_exceeded',
    category: 'limits',
    title: `Bot ran out of memory (${limitMb} MB)`,
    description: 'The bot’s process used more memory than its limit while handling an event: it was stopped and the event failed.',
    groupedData: { limit: text(String(limitMb * 1024 * 1024), `${limitMb} MB`) },
    resolutionLink: `${docs}/limits`,
    data: contextData(ctx),
    at: ctx.at,
  };
}

function contextData(ctx: FailureContext): IssueData {
  return present({
    eventType: ctx.eventType,
    eventId: ctx.eventId,
    conversationId: ctx.conversationId,
    userId: ctx.userId,
    messageId: ctx.messageId,
  });
}

const ajv = new Ajv({ strict: false, allErrors: true });

/**
 * Before callAction runs an installed integration's action: a configuration its integration's schema refuses (a
 * required field missing, a wrong type) fails the call as the integration would, and gives the bot a
 * `configuration` issue.
 */
export function checkConfiguration(call: CloudCall, installed: { id: string; name: string; configuration: Dict }, action: string): void {
  const schema = call.store.integrations.get(installed.id)?.integration.configuration?.schema;
  if (!schema) return;
  const validate = ajv.compile(schema);
  if (validate(installed.configuration)) return;
  const problems = (validate.errors ?? [])
    .map((e) => `${e.instancePath || 'configuration'} ${e.message ?? 'is invalid'}`.trim())
    .sort()
    .join('; ');
  const { name } = installed;
  call.store.issues.report(call.bot!.bot.id, {
    code: 'invalid_integration_configuration',
    category: 'configuration',
    title: `Integration "${name}" is misconfigured: ${problems}`,
    description:
      `The bot called an action of "${name}" whose configuration on this bot does not satisfy the integration's ` +
      "configuration schema. Fix the configuration in the bot's definition and deploy.",
    groupedData: present({ integration: name, problems }),
    resolutionLink: `${docs}/integrations`,
    data: present({ action: `${name}:${action}` }),
    at: Date.now(),
  });
  throw new ApiError('Runtime', `Integration "${name}" is misconfigured on this bot: ${problems}`);
}

// ---- operations --------------------------------------------------------------------------------------

export const issueHandlers: Record<string, CloudHandler> = {
  listBotIssues: (call) => listOf('listBotIssues', 'issues', call.store.issues.list(botIn(call).bot.id), call.query),
  getBotIssue: (call) => ({ issue: call.store.issues.get(botIn(call).bot.id, call.params.issueId) }),
  listBotIssueEvents: (call) => ({ issueEvents: call.store.issues.events(botIn(call).bot.id, call.params.issueId) }),
  deleteBotIssue: (call) => {
    call.store.issues.delete(botIn(call).bot.id, call.params.issueId);
    return {};
  },
};

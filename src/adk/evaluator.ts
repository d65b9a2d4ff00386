/**
 * Evaluates ADK agents in child processes (`worker.ts` → `dist/adk-worker.js`), one warm worker per project
 * with a time and a memory limit (the SDK evaluator's `Worker`), and turns what the runtime made of each
 * primitive into an outline, problems at their places and hovers. No `vscode` here.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Problem, ProblemCode } from '../core/definitions/problems';
import { abortError, Worker, type WorkerFailure, type WorkerProgram } from '../sdk/evaluator';
import { locateConfig, locatePrimitives, type LocatedPrimitive } from './locate';
import { AGENT_CONFIG, detectAdkProject, findRuntime, type AdkProject, type PrimitiveKind } from './project';
import {
  refuseAdkMessage,
  type AdkOutcome,
  type AdkRequest,
  type AdkResponse,
  type EvaluatedConfig,
  type EvaluatedPrimitive,
  type Range,
} from './protocol';

export interface OutlinePrimitive extends Omit<EvaluatedPrimitive, 'identity'> {
  /** 1-based line of its name (or of `new X(`) in its file. */
  line: number;
  range: Range;
}

export interface FileProblem {
  file: string;
  problem: Problem;
}

export interface AdkHover {
  file: string;
  start: number;
  end: number;
  title: string;
  json: unknown;
}

export interface AdkEvaluation {
  project: AdkProject;
  /** Absent when the agent could not be evaluated (see problems). */
  outline?: { name?: string; config?: EvaluatedConfig; primitives: OutlinePrimitive[]; runtimeVersion?: string };
  problems: FileProblem[];
  hovers: AdkHover[];
  timings?: Record<string, number>;
  /** The text of each file the problems and hovers are placed in, as read. */
  texts?: Map<string, string>;
  /** The package the agent could not be evaluated without (`@botpress/runtime`, `esbuild`): what its quick fix installs. */
  missing?: string;
}

const program: WorkerProgram = {
  bundle: 'adk-worker.js',
  source: '../adk/worker.ts',
  refuse: refuseAdkMessage,
  label: 'adk',
  preferBuilt: true,
};

/** Botpress tables hold at most 20 columns; `id` is the column Botpress adds. */
const MAX_COLUMNS = 20;
const RESERVED_COLUMNS = ['id'];

export interface AdkEvaluatorOptions {
  timeoutMs?: number;
  memoryMb?: number;
  idleMs?: number;
  log?: (line: string) => void;
}

export class AdkEvaluator {
  private readonly workers = new Map<string, Worker<AdkRequest, AdkResponse>>();
  private readonly options: Required<Omit<AdkEvaluatorOptions, 'log'>> & Pick<AdkEvaluatorOptions, 'log'>;
  private nextId = 1;
  private disposed = false;

  constructor(options: AdkEvaluatorOptions = {}) {
    this.options = {
      // Importing the runtime cold takes seconds (more on a busy machine).
      timeoutMs: options.timeoutMs ?? 60_000,
      memoryMb: options.memoryMb ?? 1024,
      idleMs: options.idleMs ?? 10 * 60_000,
      log: options.log,
    };
  }

  /** Never throws for a bad agent (problems instead); rejects with an `AbortError` when `signal` aborts. */
  async evaluate(root: string, options: { signal?: AbortSignal } = {}): Promise<AdkEvaluation> {
    if (this.disposed) throw new Error('The evaluator was disposed.');
    const dir = path.resolve(root);
    const project = detectAdkProject(dir) ?? { root: dir, configFile: path.join(dir, AGENT_CONFIG), link: {} };
    if (options.signal?.aborted) throw abortError();
    // One process per installed runtime: agents that share it (a monorepo, the examples) share its bundle, imported once.
    const key = findRuntime(dir)?.dir ?? dir;
    let worker = this.workers.get(key);
    if (!worker) {
      worker = new Worker<AdkRequest, AdkResponse>(
        dir,
        this.options,
        (w) => {
          if (this.workers.get(key) === w) this.workers.delete(key);
        },
        program,
      );
      this.workers.set(key, worker);
    }
    const response = await worker.run({ type: 'evaluate', id: this.nextId++, root: dir }, options.signal);
    return assemble(project, response);
  }

  dispose(): void {
    this.disposed = true;
    for (const w of this.workers.values()) w.dispose();
    this.workers.clear();
  }
}

function problem(code: ProblemCode, severity: Problem['severity'], [start, end]: Range, message: string): Problem {
  return { code, severity, start, end, message };
}

/** The first line of a text, as a range. */
const firstLine = (text: string): Range => [0, Math.max(0, text.search(/\r?\n|$/))];

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** 1-based line and 0-based column to an offset. */
function offsetOf(text: string, line: number, column: number): number {
  let start = 0;
  for (let l = 1; l < line; l++) {
    const n = text.indexOf('\n', start);
    if (n < 0) return text.length;
    start = n + 1;
  }
  return Math.min(text.length, start + column);
}

/** Turns the worker's answer into an outline, problems and hovers. */
export function assemble(project: AdkProject, response: AdkResponse | WorkerFailure): AdkEvaluation {
  const texts = new Map<string, string>();
  const textOf = (file: string) => {
    let t = texts.get(file);
    if (t === undefined) {
      try {
        t = fs.readFileSync(file, 'utf8');
      } catch {
        t = '';
      }
      texts.set(file, t);
    }
    return t;
  };
  const config = project.configFile;
  const problems: FileProblem[] = [];
  const hovers: AdkHover[] = [];
  const add = (file: string, p: Problem) => problems.push({ file, problem: p });
  const base = { project, problems, hovers, texts };

  if ('failure' in response) {
    add(config, problem('BP123', 'error', firstLine(textOf(config)), response.detail));
    return base;
  }
  const outcome: AdkOutcome = response.outcome;
  const timings = response.timings;
  if (outcome.status === 'missing') {
    add(config, problem('BP120', 'error', firstLine(textOf(config)), outcome.message));
    return { ...base, timings, missing: outcome.packageName };
  }
  if (outcome.status === 'bundle') {
    const inProject = (f?: string) => f && f.startsWith(project.root + path.sep) && !/[\\/]node_modules[\\/]/.test(f) && fs.existsSync(f);
    const elsewhere: string[] = [];
    for (const e of outcome.errors) {
      if (inProject(e.file) && e.line) {
        const text = textOf(e.file!);
        const start = offsetOf(text, e.line, e.column ?? 0);
        add(e.file!, problem('BP121', 'error', [start, Math.min(text.length, start + Math.max(1, e.length ?? 1))], e.message));
      } else elsewhere.push(e.file ? `${path.relative(project.root, e.file)}${e.line ? `:${e.line}` : ''}: ${e.message}` : e.message);
    }
    if (elsewhere.length)
      add(config, problem('BP121', 'error', firstLine(textOf(config)), `The agent does not bundle: ${elsewhere.slice(0, 3).join('; ')}`));
    return { ...base, timings };
  }

  // Where each file's primitives are written.
  const located = new Map<string, LocatedPrimitive[]>();
  const locatedIn = (file: string) => {
    let l = located.get(file);
    if (!l) located.set(file, (l = locatePrimitives(textOf(file))));
    return l;
  };
  const home = (p: EvaluatedPrimitive): LocatedPrimitive | undefined => {
    const all = locatedIn(p.file).filter((l) => l.kind === p.kind);
    return all.find((l) => l.name === p.name) ?? (all.length === 1 && all[0].name === undefined ? all[0] : undefined);
  };
  const rangeOf = (l: LocatedPrimitive): Range => l.nameRange ?? [l.call[0], l.call[0] + 3 + l.kind.length + 2];

  // The file that constructs each object (its home); other files exporting it re-export it.
  const byIdentity = new Map<number, EvaluatedPrimitive[]>();
  for (const p of outcome.primitives) byIdentity.set(p.identity, [...(byIdentity.get(p.identity) ?? []), p]);
  const primitives: OutlinePrimitive[] = [];
  for (const group of byIdentity.values()) {
    const owner = group.find((p) => home(p)) ?? group[0];
    const l = home(owner);
    const range = l ? rangeOf(l) : firstLine(textOf(owner.file));
    const { identity: _identity, ...rest } = owner;
    primitives.push({ ...rest, line: lineOf(textOf(owner.file), range[0]), range });
    for (const other of group) {
      if (other.file === owner.file) continue;
      const text = textOf(other.file);
      const m = /^\s*export\b[^\n]*$/m.exec(text);
      const at: Range = m ? [m.index + m[0].length - m[0].trimStart().length, m.index + m[0].length] : firstLine(text);
      add(
        other.file,
        problem(
          'BP126',
          'warning',
          at,
          `This file re-exports the ${owner.kind} "${owner.name}" of ${path.relative(project.root, owner.file)}: the ADK registers ` +
            'every export of every primitive file, so it is registered twice. Import it where it is used instead of re-exporting it.',
        ),
      );
    }
    if (owner.invalid)
      add(
        owner.file,
        problem(
          'BP124',
          'error',
          range,
          `The runtime's definition check refuses this ${owner.kind} ("${owner.name}"): ` +
            (owner.kind === 'conversation'
              ? "a channel is letters, digits, '.', '_' and '-', or '*'."
              : "a name is letters, digits, '_' and '-' (1 to 255)."),
        ),
      );
  }
  primitives.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name) || a.file.localeCompare(b.file));

  // Duplicate names of a kind.
  const byName = new Map<string, OutlinePrimitive[]>();
  for (const p of primitives) byName.set(`${p.kind}\0${p.name}`, [...(byName.get(`${p.kind}\0${p.name}`) ?? []), p]);
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    for (const p of same) {
      const others = same.filter((o) => o !== p).map((o) => `${path.relative(project.root, o.file)}:${o.line}`);
      const what = p.kind === 'conversation' ? `channel "${p.name}"` : `name "${p.name}"`;
      add(p.file, problem('BP125', 'error', p.range, `Another ${p.kind} has the ${what}: ${others.join(', ')}.`));
    }
  }

  // What threw: at the primitive whose name the message quotes, else the file's first primitive.
  for (const f of outcome.failures) {
    const text = textOf(f.file);
    let range: Range;
    if (f.file === config) {
      const call = locateConfig(text).call;
      range = call ? [call[0], call[0] + 'defineConfig'.length] : firstLine(text);
    } else {
      const all = locatedIn(f.file);
      const quoted = all.find((l) => l.name !== undefined && (f.message.includes(`'${l.name}'`) || f.message.includes(`"${l.name}"`)));
      const l = quoted ?? all[0];
      range = l ? rangeOf(l) : firstLine(text);
    }
    add(f.file, problem('BP122', 'error', range, f.message));
  }

  // Rules the documentation states that the runtime does not enforce.
  for (const p of primitives.filter((x) => x.kind === 'table')) {
    const l = home({ ...p, identity: -1 });
    if (!l) continue;
    for (const c of l.columns.filter((c) => RESERVED_COLUMNS.includes(c.key)))
      add(
        p.file,
        problem(
          'BP127',
          'warning',
          c.key_,
          `"${c.key}" is the column Botpress adds to every row: the ADK documentation says not to define it (the runtime does not check).`,
        ),
      );
    const columns = l.keys.find((k) => k.key === 'columns');
    if (columns && l.columns.length > MAX_COLUMNS)
      add(
        p.file,
        problem(
          'BP127',
          'warning',
          columns.key_,
          `${l.columns.length} columns: Botpress tables hold at most ${MAX_COLUMNS}, ` +
            'says the Tables documentation (the runtime does not check).',
        ),
      );
  }

  // Hovers: JSON Schemas of the config and of primitives' keys.
  const cfg = outcome.config;
  if (cfg) {
    const keys = locateConfig(textOf(config)).keys;
    const hover = (at: string, title: string, json: unknown) => {
      const k = keys.get(at);
      if (k && json !== undefined) hovers.push({ file: config, start: k.key_[0], end: k.key_[1], title, json });
    };
    for (const [at, schema] of Object.entries(cfg.schemas)) hover(at, `\`${at}\`: the JSON Schema the runtime makes of it`, schema);
    hover('configuration.schema', '`configuration`: the JSON Schema the runtime makes of it', cfg.schemas.configuration);
    for (const [owner, tags] of Object.entries(cfg.tags)) hover(`${owner}.tags`, `\`${owner}.tags\``, tags);
  }
  for (const p of primitives) {
    const l = home({ ...p, identity: -1 });
    if (!l) continue;
    const d = p.definition;
    if (l.nameRange)
      hovers.push({ file: p.file, start: l.nameRange[0], end: l.nameRange[1], title: `${p.kind} \`${p.name}\`: its definition`, json: d });
    for (const k of l.keys) {
      if (['input', 'output', 'state'].includes(k.key) && d[k.key] !== undefined)
        hovers.push({
          file: p.file,
          start: k.key_[0],
          end: k.key_[1],
          title: `${p.kind} \`${p.name}\` ${k.key}: the JSON Schema the runtime makes of it`,
          json: d[k.key],
        });
      if (k.key === 'columns' && d.schema !== undefined)
        hovers.push({
          file: p.file,
          start: k.key_[0],
          end: k.key_[1],
          title: `table \`${p.name}\`: the JSON Schema of its columns`,
          json: d.schema,
        });
    }
    const props = ((d.schema as { properties?: Record<string, unknown> } | undefined)?.properties ?? {}) as Record<string, unknown>;
    for (const c of l.columns)
      if (props[c.key] !== undefined)
        hovers.push({ file: p.file, start: c.key_[0], end: c.key_[1], title: `column \`${c.key}\` of \`${p.name}\``, json: props[c.key] });
  }

  return {
    ...base,
    timings,
    outline: { name: cfg?.name, config: cfg, primitives, runtimeVersion: outcome.runtimeVersion },
  };
}

export type { PrimitiveKind };

// The Botmock API client: teams, projects, boards, intents, entities and variables, returned in the one
// normalized model of src/core/botmock whatever generation of the API answered.
//
// Botmock serves the same resource paths under `{apiUrl}` (v1) and `{apiUrl}/v2` (from mid-2020). With
// `version: 'auto'` (the default) the client asks v2 first and, when v2 answers 404 where v1 answers,
// keeps using v1 from then on.
import {
  listOf,
  normalizeBoard,
  normalizeBoardSummary,
  normalizeEntity,
  normalizeIntent,
  normalizeProject,
  normalizeTeam,
  normalizeVariable,
  type Board,
  type BoardSummary,
  type Entity,
  type Intent,
  type Project,
  type Team,
  type Variable,
} from '../core/botmock';
import { ApiError, describeError } from './errors';
import { HttpClient, assertSecureUrl, type CallOptions } from './http';
import { Setting } from '../ids';

const DEFAULT_BOTMOCK_API_URL = 'https://app.botmock.com/api';

export type BotmockApiVersion = 'v1' | 'v2';

export interface BotmockClientOptions {
  /** Default https://app.botmock.com/api. Plain http is refused except for loopback. */
  apiUrl?: string;
  token: string;
  /** Which API to speak; 'auto' (default) tries v2 and falls back to v1. */
  version?: BotmockApiVersion | 'auto';
  /** A shared request core; without one the client makes its own (ended by `close()`). */
  http?: HttpClient;
}

export interface ProjectRef {
  teamId: string;
  projectId: string;
}

export interface BoardRef extends ProjectRef {
  boardId: string;
}

const segment = (id: string) => encodeURIComponent(id);
const projectPath = ({ teamId, projectId }: ProjectRef) => `/teams/${segment(teamId)}/projects/${segment(projectId)}`;

/** What readBoard gives. */
export interface BoardBundle {
  readonly projectType: string;
  /** Undefined when the project was not read (its type was given). */
  readonly projectName?: string;
  readonly board: Board;
  readonly intents: Intent[];
  readonly entities: Entity[];
  readonly variables: Variable[];
  /** The lists that could not be read, and why. */
  readonly problems: string[];
}

export class BotmockClient {
  readonly apiUrl: string;
  private readonly token: string;
  private readonly http: HttpClient;
  private readonly ownsHttp: boolean;
  /** The version in use: fixed by the options, or learnt from the first answer in 'auto'. */
  private version: BotmockApiVersion | undefined;

  constructor(options: BotmockClientOptions) {
    this.apiUrl = assertSecureUrl(options.apiUrl ?? DEFAULT_BOTMOCK_API_URL).href.replace(/\/+$/, '');
    this.token = options.token;
    this.version = options.version === 'auto' ? undefined : options.version;
    this.ownsHttp = !options.http;
    this.http = options.http ?? new HttpClient();
  }

  /** The API version answering, once known. */
  get apiVersion(): BotmockApiVersion | undefined {
    return this.version;
  }

  async listTeams(options?: CallOptions): Promise<Team[]> {
    return listOf(await this.get('listTeams', '/teams', options), 'teams').map(normalizeTeam);
  }

  async getTeam(teamId: string, options?: CallOptions): Promise<Team> {
    return normalizeTeam(await this.get('getTeam', `/teams/${segment(teamId)}`, options));
  }

  async listProjects(teamId: string, options?: CallOptions): Promise<Project[]> {
    return listOf(await this.get('listProjects', `/teams/${segment(teamId)}/projects`, options), 'projects').map(normalizeProject);
  }

  async getProject(ref: ProjectRef, options?: CallOptions): Promise<Project> {
    return normalizeProject(await this.get('getProject', projectPath(ref), options));
  }

  async listBoards(ref: ProjectRef, options?: CallOptions): Promise<BoardSummary[]> {
    return listOf(await this.get('listBoards', `${projectPath(ref)}/boards`, options), 'boards').map(normalizeBoardSummary);
  }

  async getBoard(ref: BoardRef, options?: CallOptions): Promise<Board> {
    return normalizeBoard(await this.get('getBoard', `${projectPath(ref)}/boards/${segment(ref.boardId)}`, options), ref.boardId);
  }

  async listIntents(ref: ProjectRef, options?: CallOptions): Promise<Intent[]> {
    return listOf(await this.get('listIntents', `${projectPath(ref)}/intents`, options), 'intents').map(normalizeIntent);
  }

  async listEntities(ref: ProjectRef, options?: CallOptions): Promise<Entity[]> {
    return listOf(await this.get('listEntities', `${projectPath(ref)}/entities`, options), 'entities').map(normalizeEntity);
  }

  async listVariables(ref: ProjectRef, options?: CallOptions): Promise<Variable[]> {
    return listOf(await this.get('listVariables', `${projectPath(ref)}/variables`, options), 'variables').map(normalizeVariable);
  }

  /**
   * A board with what it needs to be read: its project's type and name, intents, entities and variables.
   * Those lists are best effort: one that fails is empty, and `problems` says which and why.
   */
  async readBoard(ref: BoardRef, options?: CallOptions & { projectType?: string }): Promise<BoardBundle> {
    const project = { teamId: ref.teamId, projectId: ref.projectId };
    const optional = <T>(what: string, p: Promise<T[]>) =>
      p.then(
        (value) => ({ value, problem: undefined }),
        (err: unknown) => ({ value: [] as T[], problem: `${what}: ${describeError(err)}` }),
      );
    const [info, board, intents, entities, variables] = await Promise.all([
      options?.projectType ? { type: options.projectType, name: undefined } : this.getProject(project, options),
      this.getBoard(ref, options),
      optional('intents', this.listIntents(project, options)),
      optional('entities', this.listEntities(project, options)),
      optional('variables', this.listVariables(project, options)),
    ]);
    const problems = [intents, entities, variables].flatMap((r) => (r.problem ? [r.problem] : []));
    return {
      projectType: info.type,
      projectName: info.name,
      board,
      intents: intents.value,
      entities: entities.value,
      variables: variables.value,
      problems,
    };
  }

  /** Ends the connections of the request core this client made for itself (a shared one is left open). */
  async close(): Promise<void> {
    if (this.ownsHttp) await this.http.close();
  }

  private async get(operation: string, path: string, options?: CallOptions): Promise<unknown> {
    if (this.version) return this.send(operation, this.version, path, options);
    try {
      const body = await this.send(operation, 'v2', path, options);
      this.version = 'v2';
      return body;
    } catch (error) {
      if (!ApiError.is(error) || error.status !== 404) throw error;
      const body = await this.send(operation, 'v1', path, options);
      this.version = 'v1';
      return body;
    }
  }

  private async send(operation: string, version: BotmockApiVersion, path: string, options?: CallOptions): Promise<unknown> {
    const base = version === 'v2' ? `${this.apiUrl}/v2` : this.apiUrl;
    const res = await this.http.request({
      method: 'GET',
      url: base + path,
      headers: { authorization: `Bearer ${this.token}` },
      signal: options?.signal,
      operation: `botmock.${operation}`,
      setting: Setting.botmockApiUrl,
    });
    return res.body;
  }
}

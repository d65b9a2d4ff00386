// Botmock's API (v1 at /api, v2 at /api/v2) serving a team built from the recorded fixtures: a `mock`
// project in the v1 shape (the API reference's examples), a `flow` project in the v2 shape (a recorded
// real project) and a `flow` project in the oldest 2018 shape (next_message_ids as plain id strings).
// Each project is served as recorded, at both bases: the shapes are the data's, not the route's.
import v1 from '../fixtures/botmock/botmock-v1-api-docs-examples.json';
import v2 from '../fixtures/botmock/botmock-v2-generic-project.botium-recorded.json';

type Json = Record<string, unknown>;

export interface BotmockProject {
  project: Json;
  boards: { summary: Json; board: Json; paths?: Json }[];
  intents: Json[];
  entities: Json[];
  variables: Json[];
}
export interface BotmockWorld {
  teams: { team: Json; projects: BotmockProject[] }[];
}

const v2Date = (date: string) => ({ date: `${date}.000000`, timezone_type: 3, timezone: 'UTC' });

/** The 2018 generation: the reference's board, its links reduced to bare message ids. */
function legacyBoard(board: typeof v1.board): Json {
  const messages = board.board.messages.map((m) => ({
    ...m,
    next_message_ids: m.next_message_ids.map((n) => n.message_id),
    previous_message_ids: m.previous_message_ids.map((p) => p.message_id),
  }));
  return {
    board: { root_messages: board.board.root_messages, messages },
    created_at: '2018-03-02 17:21:09',
    updated_at: '2018-04-11 08:02:44',
  };
}

export function botmockWorld(): BotmockWorld {
  const mockProject: BotmockProject = {
    project: v1.project,
    boards: v1.boards.map((summary, i) => ({
      summary,
      board:
        i === 0
          ? v1.board
          : { board: { root_messages: [], messages: [] }, created_at: v2Date(summary.created_at), updated_at: v2Date(summary.updated_at) },
    })),
    intents: v1.intents,
    entities: v1.entities,
    variables: v1.variables,
  };
  const flowProject: BotmockProject = {
    project: v2.project,
    boards: [
      {
        summary: {
          id: 'c38a2d10-d703-11ea-8f47-834576e545ab',
          name: 'Main flow',
          is_private: false,
          avatar: '',
          project_id: v2.project.id,
          created_at: v2.project.created_at,
          updated_at: v2.project.updated_at,
        },
        board: { ...v2.board, created_at: v2.project.created_at, updated_at: v2.project.updated_at },
        paths: v2.paths,
      },
    ],
    intents: v2.intents,
    entities: v2.entities,
    variables: v2.variables,
  };
  const legacyId = '5a9984a0-1e3b-11e8-9a4e-3b1c6f0e2d18';
  const legacyProject: BotmockProject = {
    project: {
      id: legacyId,
      name: 'Order Bot (2018)',
      created_at: '2018-03-02 17:21:09',
      updated_at: '2018-04-11 08:02:44',
      type: 'flow',
      platform: 'facebook',
    },
    boards: [
      {
        summary: {
          id: '5a99d2c0-1e3b-11e8-9a4e-3b1c6f0e2d18',
          created_at: '2018-03-02 17:21:09',
          updated_at: '2018-04-11 08:02:44',
          name: 'Orders',
          is_private: false,
          avatar: '',
          project_id: legacyId,
        },
        board: legacyBoard(v1.board),
      },
    ],
    intents: [],
    entities: [],
    variables: [],
  };
  const [first, ...others] = v1.teams;
  return {
    teams: [{ team: first, projects: [mockProject, flowProject, legacyProject] }, ...others.map((team) => ({ team, projects: [] }))],
  };
}

export interface BotmockReply {
  status: number;
  body: unknown;
}

const notFound = (what: string): BotmockReply => ({ status: 404, body: { error: true, message: `${what} not found` } });

/** Answers a GET under /botmock/api (path given without that prefix, e.g. `/v2/teams/1/projects/x`). */
export function botmockRoute(world: BotmockWorld, method: string, path: string): BotmockReply {
  if (method !== 'GET') return { status: 405, body: { error: true, message: `${method} is not supported` } };
  const parts = path
    .replace(/^\/v2(?=\/|$)/, '')
    .split('/')
    .filter(Boolean)
    .map(decodeURIComponent);
  if (parts[0] !== 'teams') return notFound('Resource');
  if (parts.length === 1) return { status: 200, body: world.teams.map((t) => t.team) };
  const team = world.teams.find((t) => String(t.team.id) === parts[1]);
  if (!team) return notFound(`Team ${parts[1]}`);
  if (parts.length === 2) return { status: 200, body: team.team };
  if (parts[2] !== 'projects') return notFound('Resource');
  if (parts.length === 3) return { status: 200, body: team.projects.map((p) => p.project) };
  const project = team.projects.find((p) => p.project.id === parts[3]);
  if (!project) return notFound(`Project ${parts[3]}`);
  if (parts.length === 4) return { status: 200, body: project.project };
  const [collection, boardId, extra] = parts.slice(4);
  if (parts.length === 5) {
    switch (collection) {
      case 'boards':
        return { status: 200, body: project.boards.map((b) => b.summary) };
      case 'intents':
        return { status: 200, body: project.intents };
      case 'entities':
        return { status: 200, body: project.entities };
      case 'variables':
        return { status: 200, body: project.variables };
    }
    return notFound('Resource');
  }
  if (collection !== 'boards') return notFound('Resource');
  const board = project.boards.find((b) => b.summary.id === boardId);
  if (!board) return notFound(`Board ${boardId}`);
  if (parts.length === 6) return { status: 200, body: board.board };
  if (parts.length === 7 && extra === 'paths' && board.paths) return { status: 200, body: board.paths };
  return notFound('Resource');
}

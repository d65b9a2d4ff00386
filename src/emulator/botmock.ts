// Botmock's API (v1 at /api, v2 at /api/v2) serving a world of teams and projects. Each project is served as
// recorded, at both bases: the shapes are the data's, not the route's.

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

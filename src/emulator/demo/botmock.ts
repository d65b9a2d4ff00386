// The demo's Botmock team, built from the recorded fixtures: a `mock`
// project in the v1 shape (the API reference's examples), a `flow` project in the v2 shape (a recorded
// real project) and a `flow` project in the oldest 2018 shape (next_message_ids as plain id strings).
// Each project is served as recorded, at both bases: the shapes are the data's, not the route's.
import v1 from './botmock/botmock-v1-api-docs-examples.json';
import recordedV2 from './botmock/botmock-v2-generic-project.botium-recorded.json';
import { picture } from '../payloads';
import { demoAudioUrl } from './media';
import type { BotmockProject, BotmockWorld } from '../botmock';

type Json = Record<string, unknown>;

/**
 * The recorded project's media pointed at botmock.s3.amazonaws.com, which the demo cannot reach offline: each is
 * served inline instead, as the chat's demo media are (an image as a picture labelled with its file name).
 */
function offline<T>(value: T): T {
  if (typeof value === 'string' && value.startsWith('https://botmock.s3.amazonaws.com/')) {
    const file = value.split('/').pop() ?? '';
    return (/\.(mp3|ogg|wav)$/i.test(file) ? demoAudioUrl : picture(file, '#475569')) as T;
  }
  if (Array.isArray(value)) return value.map(offline) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, offline(v)])) as T;
  return value;
}
const v2 = offline(recordedV2);

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

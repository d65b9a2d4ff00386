// The emulator's Botmock API: the routes of the v1 reference and the v2 base, the three shapes of the
// recorded fixtures, and token checks.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startEmulator, type Emulator } from '../../src/emulator';

let emu: Emulator;
before(async () => {
  emu = await startEmulator({ seed: 'demo' });
});
after(() => emu.close());

async function get(path: string, token = emu.token): Promise<{ status: number; body: any }> {
  const res = await fetch(`${emu.url}/botmock/api${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: await res.json() };
}

const team = 38881;
const mock = '16f1c520-05c6-11e7-bc31-5554df9b496b';
const flow = 'c3840a70-d703-11ea-bcce-b3fe51594023';
const legacy = '5a9984a0-1e3b-11e8-9a4e-3b1c6f0e2d18';

test('teams and a team with a mock project and flow projects', async () => {
  const teams = await get('/teams');
  assert.equal(teams.status, 200);
  assert.deepEqual(
    teams.body.map((t: { id: number }) => t.id),
    [38881, 133244, 183331],
  );
  assert.equal((await get(`/teams/${team}`)).body.name, 'First Team');
  const projects = (await get(`/teams/${team}/projects`)).body as { id: string; type: string }[];
  assert.deepEqual(
    projects.map((p) => [p.id, p.type]),
    [
      [mock, 'mock'],
      [flow, 'flow'],
      [legacy, 'flow'],
    ],
  );
});

test('v1 shapes: boards, a board with object links, intents, entities, variables', async () => {
  const boards = (await get(`/teams/${team}/projects/${mock}/boards`)).body as { id: string }[];
  assert.equal(boards.length, 3);
  const board = (await get(`/teams/${team}/projects/${mock}/boards/${boards[0].id}`)).body;
  assert.ok(board.board.messages.length > 0);
  assert.equal(typeof board.board.messages[0].next_message_ids[0], 'object');
  for (const kind of ['intents', 'entities', 'variables']) {
    const r = await get(`/teams/${team}/projects/${mock}/${kind}`);
    assert.equal(r.status, 200);
    assert.ok(Array.isArray(r.body) && r.body.length > 0, kind);
  }
});

test('v2 base: locale-keyed payloads and utterances, board paths', async () => {
  const project = (await get(`/v2/teams/${team}/projects/${flow}`)).body;
  assert.deepEqual(project.locales, ['en']);
  const [summary] = (await get(`/v2/teams/${team}/projects/${flow}/boards`)).body;
  const board = (await get(`/v2/teams/${team}/projects/${flow}/boards/${summary.id}`)).body;
  const withBlocks = board.board.messages.find((m: { payload: Record<string, unknown> }) => m.payload.en);
  assert.ok(withBlocks.payload.en.generic.blocks.length > 0);
  const intents = (await get(`/v2/teams/${team}/projects/${flow}/intents`)).body;
  assert.ok(Array.isArray(intents[0].utterances.en));
  const paths = (await get(`/v2/teams/${team}/projects/${flow}/boards/${summary.id}/paths`)).body;
  assert.equal(paths.error, false);
});

test('the 2018 shape: links as plain id strings', async () => {
  const [summary] = (await get(`/teams/${team}/projects/${legacy}/boards`)).body;
  const board = (await get(`/teams/${team}/projects/${legacy}/boards/${summary.id}`)).body;
  const linked = board.board.messages.filter((m: { next_message_ids: unknown[] }) => m.next_message_ids.length);
  assert.ok(linked.length > 0);
  for (const m of linked) for (const n of m.next_message_ids) assert.equal(typeof n, 'string');
});

test('a wrong token is 401, unknown ids 404', async () => {
  assert.equal((await get('/teams', 'wrong')).status, 401);
  const missing = await get(`/teams/${team}/projects/nope`);
  assert.equal(missing.status, 404);
  assert.match(missing.body.message, /not found/);
  assert.equal((await get('/teams/1')).status, 404);
});

// The Botmock client against the local emulator's Botmock (v1 and v2 bases, all three data shapes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BotmockClient } from '../../../src/api/botmock';
import { ApiError } from '../../../src/api/errors';
import { HttpClient } from '../../../src/api/http';
import { boardGraph, branchesAt, choose, currentMessage, startWalk, transcript } from '../../../src/core/botmock';
import { startEmulator } from '../../../src/emulator';

const TEAM = '38881';
const KINDLY = { teamId: TEAM, projectId: '16f1c520-05c6-11e7-bc31-5554df9b496b' };
const BOTIUM = { teamId: TEAM, projectId: 'c3840a70-d703-11ea-bcce-b3fe51594023' };
const ORDERS = { teamId: TEAM, projectId: '5a9984a0-1e3b-11e8-9a4e-3b1c6f0e2d18' };

test('the Botmock client reads every project of the emulator, in each shape, over v2 and v1', async (t) => {
  const emu = await startEmulator({ seed: 'demo', token: 'bm-token', logRate: 0.1 });
  const http = new HttpClient({ retry: { maxAttempts: 1 } });
  t.after(async () => {
    await http.close();
    await emu.close();
  });
  const apiUrl = `${emu.url}/botmock/api`;

  for (const version of ['auto', 'v1'] as const) {
    const client = new BotmockClient({ apiUrl, token: 'bm-token', version, http });
    const teams = await client.listTeams();
    assert.equal(client.apiVersion, version === 'auto' ? 'v2' : 'v1');
    assert.equal(teams[0]!.name, 'First Team');
    assert.equal((await client.getTeam(TEAM)).createdAt, '2017-01-10T20:45:21.000Z');

    const projects = await client.listProjects(TEAM);
    assert.deepEqual(
      projects.map((p) => `${p.name}: ${p.type}/${p.shape}`),
      ['Kindly: mock/v1', 'Botium Exporter Test: flow/v2', 'Order Bot (2018): flow/v1'],
    );

    // v2 flow project: the recorded board, walkable from its root.
    const [flowBoard] = await client.listBoards(BOTIUM);
    const board = await client.getBoard({ ...BOTIUM, boardId: flowBoard!.id });
    assert.equal(board.shape, 'v2');
    assert.equal(board.messages.length, 16);
    const variables = await client.listVariables(BOTIUM);
    const graph = boardGraph(board, variables);
    const walk = choose(
      graph,
      startWalk(graph),
      branchesAt(graph, startWalk(graph)).findIndex((b) => b.edge.intent?.name === 'INTENT_VARIABLE'),
    );
    assert.equal(currentMessage(graph, walk)!.blocks[0]!.text, 'Red or blue pill?');
    assert.equal((await client.listIntents(BOTIUM)).length, 13);
    assert.equal((await client.listEntities(BOTIUM)).length, 2);
    assert.equal(variables.length, 4);

    // v1 mock project: boards, and the one with messages read as a transcript.
    const mockBoards = await client.listBoards(KINDLY);
    assert.equal(mockBoards.length, 3);
    const kindly = await client.getBoard({ ...KINDLY, boardId: mockBoards[0]!.id });
    assert.equal(kindly.shape, 'v1');
    assert.deepEqual(
      transcript(boardGraph(kindly)).lines.map((l) => l.side),
      ['bot', 'bot'],
    );
    const emptyBoard = await client.getBoard({ ...KINDLY, boardId: mockBoards[1]!.id });
    assert.deepEqual([emptyBoard.messages.length, emptyBoard.problems], [0, []]);
    assert.equal((await client.listIntents(KINDLY))[0]!.utterances.length, 6);

    // 2018 project: plain id links.
    const [orders] = await client.listBoards(ORDERS);
    const legacy = await client.getBoard({ ...ORDERS, boardId: orders!.id });
    assert.equal(legacy.shape, '2018');
    assert.equal(legacy.messages[0]!.next[0]!.to, '881a52a8-69f9-4706-8c6a-efdc98d50805');
    assert.deepEqual(await client.listIntents(ORDERS), []);

    await assert.rejects(client.getProject({ teamId: TEAM, projectId: 'nope' }), (e) => ApiError.is(e) && e.status === 404);
  }

  const wrong = new BotmockClient({ apiUrl, token: 'wrong', http });
  await assert.rejects(wrong.listTeams(), (e) => ApiError.is(e, 'Unauthorized'));
});

test('the demo Botmock project serves its media inline (offline), never from botmock.s3.amazonaws.com', async () => {
  const { botmockWorld } = await import('../../../src/emulator/demo/botmock');
  const text = JSON.stringify(botmockWorld());
  assert.ok(!text.includes('botmock.s3.amazonaws.com'));
  assert.ok(text.includes('data:image/svg+xml;base64,'));
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BotmockClient } from '../../../src/api/botmock';
import { ApiError, CancelledError, InsecureUrlError } from '../../../src/api/errors';
import { HttpClient } from '../../../src/api/http';
import { v1, v2 } from './data';

const TOKEN = 'bm-secret';

/** A loopback Botmock: v1 under /api, v2 (when `withV2`) under /api/v2, each answering from its fixture. */
async function botmock(withV2: boolean) {
  const seen: { path: string; authorization?: string }[] = [];
  const routes = (data: Record<string, any>): [RegExp, unknown][] => [
    [/^\/teams$/, data.teams ?? [v1.team]],
    [/^\/teams\/[^/]+$/, data.team ?? v1.team],
    [/^\/teams\/[^/]+\/projects$/, data.projects ?? [data.project]],
    [/^\/teams\/[^/]+\/projects\/[^/]+$/, data.project],
    [/^\/teams\/[^/]+\/projects\/[^/]+\/boards$/, data.boards ?? []],
    [/^\/teams\/[^/]+\/projects\/[^/]+\/boards\/[^/]+$/, data.board],
    [/^\/teams\/[^/]+\/projects\/[^/]+\/intents$/, data.intents],
    [/^\/teams\/[^/]+\/projects\/[^/]+\/entities$/, data.entities],
    [/^\/teams\/[^/]+\/projects\/[^/]+\/variables$/, data.variables],
  ];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    seen.push({ path: url.pathname, authorization: req.headers.authorization });
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return send(401, { message: 'Unauthenticated.' });
    if (url.pathname.startsWith('/api/slow')) return; // never answers
    const [prefix, data] = url.pathname.startsWith('/api/v2/') ? ['/api/v2', withV2 ? v2 : undefined] : ['/api', v1];
    const route = data && routes(data).find(([re]) => re.test(url.pathname.slice(prefix.length)));
    const missing = url.pathname.split('/').some((part) => part.startsWith('missing'));
    if (!route || route[1] === undefined || missing) return send(404, { error: 'Not found' });
    send(200, route[1]);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api`;
  const httpClient = new HttpClient({ retry: { maxAttempts: 1 } });
  return {
    url,
    seen,
    http: httpClient,
    async close() {
      await httpClient.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

test('auto: speaks v2 when the server has it, and returns the normalized model', async (t) => {
  const server = await botmock(true);
  t.after(() => server.close());
  const client = new BotmockClient({ apiUrl: `${server.url}/`, token: TOKEN, http: server.http });
  const ref = { teamId: '38881', projectId: 'c3840a70-d703-11ea-bcce-b3fe51594023' };

  const project = await client.getProject(ref);
  assert.equal(client.apiVersion, 'v2');
  assert.deepEqual([project.name, project.shape, project.locales], ['Botium Exporter Test', 'v2', ['en']]);
  const board = await client.getBoard({ ...ref, boardId: 'main' });
  assert.equal(board.id, 'main');
  assert.equal(board.messages.length, 16);
  assert.equal((await client.listIntents(ref)).length, 13);
  assert.equal((await client.listEntities(ref)).length, 2);
  assert.equal((await client.listVariables(ref)).length, 4);
  assert.ok(server.seen.every((r) => r.path.startsWith('/api/v2/teams/38881/') && r.authorization === `Bearer ${TOKEN}`));
});

test('auto: falls back to v1 on a 404 from v2 and stays there', async (t) => {
  const server = await botmock(false);
  t.after(() => server.close());
  const client = new BotmockClient({ apiUrl: server.url, token: TOKEN, http: server.http });

  const teams = await client.listTeams();
  assert.deepEqual(
    teams.map((team) => team.name),
    ['First Team', 'Second team', 'Third Team'],
  );
  assert.equal(client.apiVersion, 'v1');
  assert.deepEqual(
    server.seen.map((r) => r.path),
    ['/api/v2/teams', '/api/teams'],
  );

  const ref = { teamId: '38881', projectId: '16f1c520-05c6-11e7-bc31-5554df9b496b' };
  assert.equal((await client.getTeam('38881')).name, 'First Team');
  assert.deepEqual(
    (await client.listProjects('38881')).map((p) => p.type),
    ['flow', 'flow', 'mock'],
  );
  assert.equal((await client.listBoards(ref)).length, 3);
  assert.equal((await client.getBoard({ ...ref, boardId: 'b' })).shape, 'v1');
  assert.equal((await client.listIntents(ref))[0]!.utterances.length, 6);
  assert.equal(server.seen.filter((r) => r.path.startsWith('/api/v2')).length, 1, 'v2 asked only once');
});

test('errors: a wrong token, a missing resource, cancellation, an insecure URL', async (t) => {
  const server = await botmock(true);
  t.after(() => server.close());
  const wrong = new BotmockClient({ apiUrl: server.url, token: 'nope', http: server.http });
  await assert.rejects(wrong.listTeams(), (e) => ApiError.is(e, 'Unauthorized') && e.status === 401 && !e.message.includes('nope'));

  const client = new BotmockClient({ apiUrl: server.url, token: TOKEN, version: 'v1', http: server.http });
  await assert.rejects(client.getProject({ teamId: '1', projectId: 'missing/../x' }), (e) => ApiError.is(e) && e.status === 404);
  assert.ok(server.seen.at(-1)!.path.includes('missing%2F..%2Fx'), 'ids are escaped into one path segment');

  const slow = new BotmockClient({ apiUrl: `${server.url}/slow`, token: TOKEN, version: 'v1', http: server.http });
  const abort = new AbortController();
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(slow.listTeams({ signal: abort.signal }), CancelledError);

  assert.throws(() => new BotmockClient({ apiUrl: 'http://botmock.example.com/api', token: TOKEN }), InsecureUrlError);
  const own = new BotmockClient({ token: TOKEN });
  assert.equal(own.apiUrl, 'https://app.botmock.com/api');
  await own.close();
});

// Proxies and certificates, with a CONNECT proxy and a self-signed https server started here on loopback:
// every request goes through the proxy a setting or the environment names, NO_PROXY and http.noProxy
// bypass it, and a certificate that does not verify says so and what to change.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { BotmockClient } from '../../../src/api/botmock';
import { BotpressClient } from '../../../src/api/botpress';
import { ChatClient } from '../../../src/api/chat';
import { CertificateError } from '../../../src/api/errors';
import { HttpClient, type ProxyOptions } from '../../../src/api/http';

/** A key and a self-signed certificate for localhost and 127.0.0.1, made by openssl for this run. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bptk-cert-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'pipe' },
    );
    return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const listen = async (server: Server): Promise<string> => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return String((server.address() as AddressInfo).port);
};

describe('proxies and certificates', () => {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  let proxy: Server;
  let proxyUrl: string;
  let target: Server;
  let targetUrl: string;
  let secure: Server;
  let secureUrl: string;
  const clients: HttpClient[] = [];
  const client = (proxyOptions: ProxyOptions) => {
    const http = new HttpClient({ proxy: proxyOptions, retry: { maxAttempts: 1 } });
    clients.push(http);
    return http;
  };

  before(async () => {
    const answer = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
      if (req.url!.endsWith('/listen')) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        return void res.end(
          'data: {"type":"message_created","data":{"id":"m1","createdAt":"2026-01-01T00:00:00.000Z",' +
            '"conversationId":"c","userId":"u","payload":{"type":"text","text":"hi"}}}\n\n',
        );
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ bot: { id: 'bot_1' }, teams: [], user: { id: 'u' }, path: req.url }));
    };
    target = createHttpServer(answer);
    targetUrl = `http://127.0.0.1:${await listen(target)}`;
    secure = createHttpsServer(selfSigned(), answer);
    secureUrl = `https://localhost:${await listen(secure)}`;

    // A CONNECT proxy: records each tunnel's destination, then pipes bytes both ways.
    proxy = createHttpServer((_req, res) => res.writeHead(405).end());
    proxy.on('connect', (req, socket: Socket, head: Buffer) => {
      tunnels.push(req.url!);
      const [host, port] = req.url!.split(/:(?=\d+$)/);
      const upstream = connect(Number(port), host, () => {
        socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.write(head);
        upstream.pipe(socket).pipe(upstream);
      });
      for (const s of [socket, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined).on('close', () => sockets.delete(s));
      }
    });
    proxyUrl = `http://127.0.0.1:${await listen(proxy)}`;
  });

  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    for (const s of sockets) s.destroy();
    await Promise.all([proxy, target, secure].map((s) => new Promise((r) => s.close(r))));
  });

  const targetHost = () => new URL(targetUrl).host;

  test('http.proxy carries the Botpress API, the Chat API and its event stream, and Botmock', async () => {
    const http = client({ url: proxyUrl, env: {} });
    const before = tunnels.length;
    const botpress = new BotpressClient({ apiUrl: targetUrl, token: 't', workspaceId: 'w', http });
    assert.equal((await botpress.getBot({ id: 'bot_1' })).bot.id, 'bot_1');
    await new BotmockClient({ apiUrl: targetUrl, token: 't', version: 'v1', http }).listTeams();
    const chat = new ChatClient({ chatApiUrl: targetUrl, webhookId: 'wh', userKey: 'k', http });
    const signal = new AbortController();
    for await (const s of chat.listenConversation('c', { signal: signal.signal })) {
      assert.equal(s.type, 'message_created');
      signal.abort();
    }
    const through = tunnels.slice(before);
    assert.ok(through.length >= 1 && through.every((t) => t === targetHost()), through.join());
    assert.ok(target.listenerCount('request') > 0);
  });

  test('HTTPS_PROXY / HTTP_PROXY from the environment are used, and NO_PROXY or http.noProxy bypass them', async () => {
    let before = tunnels.length;
    await client({ env: { HTTP_PROXY: proxyUrl } }).request({ method: 'GET', url: `${targetUrl}/a` });
    assert.deepEqual(tunnels.slice(before), [targetHost()], 'through HTTP_PROXY');

    before = tunnels.length;
    await client({ env: { https_proxy: proxyUrl }, strictSSL: false }).request({ method: 'GET', url: `${secureUrl}/b` });
    assert.deepEqual(tunnels.slice(before), [new URL(secureUrl).host], 'https through HTTPS_PROXY');

    before = tunnels.length;
    await client({ env: { HTTP_PROXY: proxyUrl, NO_PROXY: 'example.com,127.0.0.1' } }).request({ method: 'GET', url: `${targetUrl}/c` });
    await client({ url: proxyUrl, env: {}, noProxy: [targetHost()] }).request({ method: 'GET', url: `${targetUrl}/d` });
    await client({ url: proxyUrl, env: { NO_PROXY: '*' } }).request({ method: 'GET', url: `${targetUrl}/e` });
    assert.deepEqual(tunnels.slice(before), [], 'bypassed');

    before = tunnels.length;
    await client({ url: proxyUrl, env: { NO_PROXY: 'example.com' }, noProxy: ['other.test'] }).request({
      method: 'GET',
      url: `${targetUrl}/f`,
    });
    assert.deepEqual(tunnels.slice(before), [targetHost()], 'an entry for another host does not bypass');
  });

  test('setProxy switches the route for the next requests', async () => {
    const http = client({ env: {} });
    let before = tunnels.length;
    await http.request({ method: 'GET', url: `${targetUrl}/g` });
    assert.equal(tunnels.length, before);
    http.setProxy({ url: proxyUrl, env: {} });
    before = tunnels.length;
    await http.request({ method: 'GET', url: `${targetUrl}/h` });
    assert.deepEqual(tunnels.slice(before), [targetHost()]);
  });

  test(
    'a self-signed certificate is a CertificateError naming http.proxyStrictSSL and NODE_EXTRA_CA_CERTS; ' + 'strictSSL off accepts it',
    async () => {
      for (const options of [{ env: {} }, { url: proxyUrl, env: {} }]) {
        await assert.rejects(client(options).request({ method: 'GET', url: `${secureUrl}/i` }), (e: unknown) => {
          assert.ok(e instanceof CertificateError, String(e));
          assert.match(e.code, /SELF_SIGNED/);
          assert.match(e.message, /certificate of localhost:\d+/);
          assert.match(e.message, /NODE_EXTRA_CA_CERTS/);
          assert.match(e.message, /http\.proxyStrictSSL/);
          return true;
        });
      }
      const res = await client({ env: {}, strictSSL: false }).request<{ path: string }>({ method: 'GET', url: `${secureUrl}/j` });
      assert.equal(res.body.path, '/j');
    },
  );
});

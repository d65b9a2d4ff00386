// Hostile content through the real conversation panel front end (dist/media/chat.js) in Chromium:
// hundreds of attack strings in messages, names, statuses and Botmock content, rendered, clicked and
// inspected; no script of theirs may run, and nothing they carry may become markup, a handler, or a
// URL outside https/data. Run once with the panel's CSP and once without it, so that the sanitizer
// alone is shown to hold.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { normalizeBoard, normalizeEntity, normalizeIntent, normalizeVariable } from '../../src/core/botmock';
import { panelHtml } from '../../src/webviews/chat/html';
import type { HostMessage } from '../../src/webviews/chat/protocol';
import { chromiumFlags } from './workbench';

const root = path.join(__dirname, '..', '..');
const resultsDir = path.join(root, 'test-results');

/** Each vector tries to bump `window.__pwned` (or open a dialog) if it ever executes. */
const VECTORS = [
  '<script>window.__pwned++</script>',
  '<img src=x onerror="window.__pwned++">',
  '<svg onload="window.__pwned++"></svg>',
  '<svg><script>window.__pwned++</script></svg>',
  '"><script>window.__pwned++</script>',
  "'><img src=x onerror=window.__pwned++>",
  '<iframe src="javascript:window.parent.__pwned++"></iframe>',
  '<iframe srcdoc="<script>parent.__pwned++</script>"></iframe>',
  '<a href="javascript:window.__pwned++">click</a>',
  '<body onload="window.__pwned++">',
  '<details open ontoggle="window.__pwned++">',
  '<input autofocus onfocus="window.__pwned++">',
  '<video><source onerror="window.__pwned++"></video>',
  '<audio src=x onerror="window.__pwned++">',
  '<object data="javascript:window.__pwned++"></object>',
  '<embed src="javascript:window.__pwned++">',
  '<math><mtext><table><mglyph><style><img src=x onerror=window.__pwned++>',
  '<!--<img src="--><img src=x onerror=window.__pwned++//">',
  '<style>@import "javascript:window.__pwned++";</style>',
  '<link rel=stylesheet href="javascript:window.__pwned++">',
  '<meta http-equiv="refresh" content="0;url=javascript:window.__pwned++">',
  '<form><button formaction="javascript:window.__pwned++">x</button></form>',
  '<marquee onstart="window.__pwned++">',
  '<div style="background:url(javascript:window.__pwned++)">',
  '[click me](javascript:window.__pwned++)',
  '[click me](JaVaScRiPt:window.__pwned++)',
  '![img](javascript:window.__pwned++)',
  '[x](data:text/html,<script>window.__pwned++</script>)',
  '**<img src=x onerror=window.__pwned++>**',
  '`<script>window.__pwned++</script>`',
  '```\n<script>window.__pwned++</script>\n```',
  '> <img src=x onerror=window.__pwned++>',
  '- <svg onload=window.__pwned++>',
  '# <iframe src=javascript:parent.__pwned++>',
  'javascript:window.__pwned++',
  ' java\tscript:window.__pwned++',
  'java\u0000script:window.__pwned++',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZCsrPC9zY3JpcHQ+',
  'data:image/svg+xml,<svg onload=window.__pwned++>',
  'vbscript:msgbox(1)',
  '&lt;script&gt;window.__pwned++&lt;/script&gt;',
  '<scr<script>ipt>window.__pwned++</scr</script>ipt>',
  '<<<<div>>>> <b <i <u',
  '</li></ol></main><script>window.__pwned++</script>',
  '{{constructor.constructor("window.__pwned++")()}}',
  '${window.__pwned++}',
  '\u202e<img src=x onerror=window.__pwned++>',
  '<img src="https://x.invalid/a.png" onload="window.__pwned++" onerror="window.__pwned++">',
  `${'<b>'.repeat(2000)}deep${'</b>'.repeat(2000)}`,
  `${'[a]('.repeat(5000)}javascript:window.__pwned++`,
  `huge ${'<img src=x onerror=window.__pwned++>'.repeat(3000)}`,
  'https://cdn.example.com/pic.png?"><script>window.__pwned++</script>',
  'x'.repeat(300_000),
];

type Payload = Record<string, unknown>;

/** Every place a remote string can land in a Botpress message payload. */
const PAYLOADS: ((s: string) => Payload)[] = [
  (s) => ({ type: 'text', text: s }),
  (s) => ({ type: 'markdown', markdown: s }),
  (s) => ({ type: 'image', imageUrl: s, title: s }),
  (s) => ({ type: 'audio', audioUrl: s }),
  (s) => ({ type: 'video', videoUrl: s }),
  (s) => ({ type: 'file', fileUrl: s, title: s }),
  (s) => ({ type: 'location', latitude: 1, longitude: 2, title: s, address: s }),
  (s) => ({
    type: 'card',
    title: s,
    subtitle: s,
    imageUrl: s,
    actions: [
      { action: 'url', label: s, value: s },
      { action: 'postback', label: s, value: s },
    ],
  }),
  (s) => ({ type: 'carousel', items: [{ type: 'card', title: s, actions: [{ action: 'say', label: s, value: s }] }] }),
  (s) => ({ type: 'choice', text: s, options: [{ label: s, value: s }] }),
  (s) => ({ type: 'dropdown', text: s, options: [{ label: s, value: s }] }),
  (s) => ({
    type: 'bloc',
    items: [
      { type: 'text', text: s },
      { type: 'image', imageUrl: s },
    ],
  }),
  (s) => ({ type: s, [s]: s }),
];

/** A Botmock v2 board whose every text field is hostile. */
function hostileBoard(s: string, n: number) {
  const block = (extra: Payload) => ({ en: { generic: { blocks: [{ nodeName: s, text: s, ...extra }] } } });
  const raw = {
    board: {
      root_messages: [`m${n}a`],
      messages: [
        {
          message_id: `m${n}a`,
          message_type: 'quick_replies',
          node_name: s,
          is_root: true,
          next_message_ids: [
            {
              message_id: `m${n}b`,
              action: { type: 'postback', title: s, payload: s },
              intent: { value: s, label: s },
              conditional: { rules: [{ field: s, operator: s, value: s }], combinator: s },
            },
          ],
          payload: block({ component_type: 'quick_replies', quick_replies: [{ title: s, payload: s }], audio_file: s }),
        },
        {
          message_id: `m${n}b`,
          message_type: 'generic',
          node_name: s,
          next_message_ids: [],
          payload: block({
            component_type: 'generic',
            elements: [{ title: s, subtitle: s, image_url: s, item_url: s, buttons: [{ title: s, url: s }] }],
          }),
        },
        { message_id: `m${n}c`, message_type: s, node_name: s, payload: block({ component_type: s }) },
      ],
    },
  };
  return {
    kind: n % 2 ? 'flow' : 'mock',
    board: normalizeBoard(raw, `board-${n}`),
    intents: [normalizeIntent({ id: 'i', name: s, utterances: { en: [{ text: `${s} %${s}%`, variables: [] }] } })],
    entities: [normalizeEntity({ id: 'e', name: s, data: { en: [{ value: s, synonyms: [s] }] } })],
    variables: [normalizeVariable({ id: 'v', name: s, type: s, default_value: s })],
  };
}

let server: http.Server;
let origin: string;
let browser: Browser;

before(async () => {
  if (!fs.existsSync(path.join(root, 'dist', 'media', 'chat.js'))) {
    const build = spawnSync(process.execPath, ['esbuild.js'], { cwd: root, stdio: 'inherit' });
    assert.equal(build.status, 0, 'build');
  }
  server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/panel.html') {
      const html = panelHtml({
        cspSource: origin,
        scriptUri: `${origin}/chat.js`,
        styleUri: `${origin}/chat.css`,
        nonce: 'n0nce-for-this-page',
      });
      const body = url.searchParams.get('csp') === 'off' ? html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '') : html;
      res.writeHead(200, { 'content-type': 'text/html' }).end(body);
    } else if (url.pathname === '/chat.js' || url.pathname === '/chat.css') {
      const file = path.join(root, 'dist', 'media', url.pathname.slice(1));
      res.writeHead(200, { 'content-type': url.pathname.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(fs.readFileSync(file));
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: chromiumFlags,
  });
});

after(async () => {
  await browser?.close();
  await new Promise((resolve) => server?.close(resolve));
});

interface Findings {
  pwned: number;
  dialogs: number;
  requests: string[];
}

/** Opens the panel page with a stand-in for the VS Code webview API that records what it posts. */
async function openPanel(csp: boolean): Promise<{ page: Page; findings: Findings }> {
  const page = await browser.newPage();
  const findings: Findings = { pwned: 0, dialogs: 0, requests: [] };
  page.on('dialog', (d) => {
    findings.dialogs++;
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (!r.url().startsWith(origin)) findings.requests.push(r.url());
  });
  // Offline: anything leaving the page's origin is answered locally and recorded above.
  await page.route(/^(?!http:\/\/127\.0\.0\.1)/, (route) => route.fulfill({ status: 404, body: '' }));
  // A string, not a function: the test runner's transform would add helpers the page does not have
  // (`__name`, defined here for the functions given to page.evaluate below).
  await page.addInitScript(`
    window.__name = (fn) => fn;
    window.__pwned = 0;
    window.__posted = [];
    window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
  `);
  await page.goto(`${origin}/panel.html${csp ? '' : '?csp=off'}`);
  await page.waitForFunction(() => (window as unknown as { __posted: { type: string }[] }).__posted.some((m) => m.type === 'ready'));
  return { page, findings };
}

const post = (page: Page, messages: HostMessage[]) =>
  page.evaluate((all) => {
    for (const m of all) window.dispatchEvent(new MessageEvent('message', { data: m }));
  }, messages);

/** Everything that would let markup or script in: asserted absent from the page. */
async function audit(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const scripts = [...document.querySelectorAll('script')];
    if (scripts.length !== 1 || !scripts[0].src.endsWith('/chat.js'))
      problems.push(`scripts: ${scripts.map((s) => s.src || s.textContent).join(', ')}`);
    // The board's own graph is the one SVG allowed, and it holds only the shapes the panel draws.
    const graphs = document.querySelectorAll('svg.graph-canvas');
    if (graphs.length > 1) problems.push(`${graphs.length} board graphs`);
    const shapes = new Set(['svg', 'defs', 'marker', 'g', 'rect', 'path', 'text', 'tspan', 'title']);
    for (const el of document.querySelectorAll('svg.graph-canvas *'))
      if (!shapes.has(el.tagName.toLowerCase())) problems.push(`<${el.tagName}> in the graph`);
    for (const bad of [
      'iframe',
      'object',
      'embed',
      'style',
      'link:not([rel=stylesheet])',
      'meta[http-equiv=refresh]',
      'form:not(#composer)',
      'svg:not(.graph-canvas)',
      'math',
      'input',
      'base',
      'foreignObject',
    ]) {
      const found = document.querySelectorAll(bad).length;
      if (found) problems.push(`${found} × ${bad}`);
    }
    for (const el of document.querySelectorAll('*')) {
      const ownStylesheet = el.tagName === 'LINK' && (el as HTMLLinkElement).href.endsWith('/chat.css');
      for (const attr of el.getAttributeNames()) {
        if (attr === 'href' && ownStylesheet) continue;
        if (attr === 'style' && el.id === 'input') continue; // the composer, sized by the browser
        if (attr.startsWith('on') || attr === 'style' || attr === 'href' || attr === 'srcdoc' || attr === 'formaction')
          problems.push(`<${el.tagName.toLowerCase()} ${attr}>`);
      }
      const src = el.getAttribute('src');
      if (src && el.tagName !== 'SCRIPT' && !/^(https:|data:(image|audio|video)\/)/i.test(src))
        problems.push(`<${el.tagName.toLowerCase()} src=${src.slice(0, 60)}>`);
    }
    return problems;
  });
}

for (const csp of [true, false]) {
  test(
    `${VECTORS.length * (PAYLOADS.length + 8)} hostile strings, ${csp ? 'with' : 'without'} the Content Security Policy: no script runs`,
    { timeout: 240_000 },
    async () => {
      const { page, findings } = await openPanel(csp);
      try {
        fs.mkdirSync(resultsDir, { recursive: true });
        let strings = 0;
        for (const [n, s] of VECTORS.entries()) {
          const items = PAYLOADS.map((make, i) => ({
            id: `${n}-${i}`,
            side: i % 2 ? ('user' as const) : ('bot' as const),
            payload: make(s),
            createdAt: new Date(1_700_000_000_000 + i).toISOString(),
            raw: { s, payload: make(s) },
          }));
          await post(page, [
            { type: 'init', view: { kind: 'chat', title: s, subtitle: s, canSend: true, canRestart: true, hasLogs: true } },
            { type: 'status', status: { level: 'error', text: s, actions: ['retry'] } },
            { type: 'messages', items, reset: true },
          ]);
          strings += PAYLOADS.length + 3;
          // Click every control and bubble (sends and link requests go to the recorded host API), open the inspector.
          await page.evaluate(() => {
            for (const el of document.querySelectorAll<HTMLElement>('#transcript button, #transcript a, #transcript li')) el.click();
            for (const sel of document.querySelectorAll<HTMLSelectElement>('#transcript select')) {
              sel.selectedIndex = sel.options.length - 1;
              sel.dispatchEvent(new Event('change'));
            }
          });
          if (n === 1) await page.screenshot({ path: path.join(resultsDir, `hostile-${csp ? 'csp' : 'no-csp'}-chat.png`) });
          await post(page, [
            { type: 'init', view: { kind: 'board', title: s, canSend: false, canRestart: false, hasLogs: false } },
            { type: 'board', board: hostileBoard(s, n) as never },
          ]);
          strings += 5;
          await page.evaluate(() => {
            for (const el of document.querySelectorAll<HTMLElement>('#walker button, #glossary')) el.click();
            for (const d of document.querySelectorAll('details')) d.open = true;
          });
          if (n === 1) {
            await page.screenshot({ path: path.join(resultsDir, `hostile-${csp ? 'csp' : 'no-csp'}-board.png`) });
          }
          const problems = await audit(page);
          assert.deepEqual(problems, [], `vector ${n}: ${JSON.stringify(s.slice(0, 80))}`);
        }
        await page.waitForTimeout(300);
        const pwned = await page.evaluate(() => (window as unknown as { __pwned: number }).__pwned);
        const posted = await page.evaluate(
          () => (window as unknown as { __posted: { type: string; request?: { method: string; url?: string } }[] }).__posted,
        );
        const links = posted.flatMap((m) => (m.request?.method === 'openLink' ? [m.request.url!] : []));
        const sends = posted.filter((m) => m.request?.method === 'send').length;
        console.log(
          `  ${strings} hostile strings; ${sends} sends and ${links.length} link requests recorded; ` +
            `pwned ${pwned}; dialogs ${findings.dialogs}; outside requests ${findings.requests.length}`,
        );
        assert.equal(pwned, 0, 'no injected script ran');
        assert.equal(findings.dialogs, 0, 'no dialog opened');
        assert.ok(strings >= 500);
        assert.ok(sends > 0, 'choices and card buttons still work');
        for (const url of links) assert.match(url, /^(https?|mailto):/i, url);
        for (const url of findings.requests) assert.match(url, /^(https:|data:)/i, `only https media are fetched: ${url}`);
      } finally {
        await page.close();
      }
    },
  );
}

test('control: the detector does see a script that runs', async () => {
  const { page, findings } = await openPanel(false);
  try {
    await page.evaluate(() => document.body.insertAdjacentHTML('beforeend', '<img src=x onerror="window.__pwned++">'));
    await page.waitForFunction(() => (window as unknown as { __pwned: number }).__pwned > 0, undefined, { timeout: 5000 });
    assert.deepEqual(await audit(page), ['<img onerror>', '<img src=x>']);
    assert.equal(findings.dialogs, 0);
  } finally {
    await page.close();
  }
});

import { webviewPage, type PageResources } from '../html';

/** The logs panel's page: every log line is set as text by the script. */
export function logsPageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Logs',
    body:
      `<form id="query" class="toolbar" aria-label="Server-side filters">
  <select id="level" aria-label="Level">
    <option value="">All levels</option><option value="debug">Debug</option><option value="info">Info</option>
    <option value="warn">Warn</option><option value="error">Error</option>
  </select>
  <input id="conversationId" placeholder="Conversation id" aria-label="Conversation id" spellcheck="false">
  <input id="userId" placeholder="User id" aria-label="User id" spellcheck="false">
  <input id="workflowId" placeholder="Workflow id" aria-label="Workflow id" spellcheck="false">
  <input id="messageContains" placeholder="Search the server: message contains"
    aria-label="Message contains (asks the server again, over the whole time range)"
    title="Asks Botpress again for the lines whose message contains this text, over the whole time range, once you stop typing"
    spellcheck="false">
  <select id="range" aria-label="Time range">
    <option value="15m">Last 15 minutes</option><option value="1h">Last hour</option>
    <option value="24h">Last 24 hours</option><option value="custom">Custom…</option>
  </select>
  <span id="custom" hidden>
    <input id="since" type="datetime-local" step="1" aria-label="From">
    <input id="until" type="datetime-local" step="1" aria-label="To (empty: live)" title="Empty: up to now, then live">
  </span>
</form>
<div class="toolbar" role="toolbar" aria-label="Lines">
  <input id="find" placeholder="Filter the lines shown (Ctrl+F)" aria-label="Filter the lines shown (instant, nothing fetched)"
    title="Hides the lines already shown that do not match, as you type; nothing is fetched again" spellcheck="false">
  <button id="regex" class="toggle" aria-pressed="false" title="Regular expression">.*</button>
  <button id="case" class="toggle" aria-pressed="false" title="Match case">Aa</button>
  <span id="count" aria-live="polite"></span>
  <span class="spacer"></span>
  <button id="utc" class="toggle" aria-pressed="false">UTC</button>
  <button id="pause" title="Stop fetching new lines">Pause</button>
  <button id="clear" title="Drop every line shown">Clear</button>
  <button id="export" title="Export the lines shown to a .bplog file">Export…</button>
</div>
<div id="status"><span id="status-text" role="status"></span><button id="retry" hidden>Retry</button>` +
      `<span class="spacer"></span><button id="jump" hidden title="Scroll to the newest line and follow">↓ Newest</button></div>
<div id="viewport" tabindex="0" role="listbox" aria-label="Log lines">
  <div id="spacer"></div>
  <div id="rows"></div>
  <div id="empty" hidden role="status"></div>
</div>
<pre id="detail" hidden aria-label="The selected line in full" tabindex="0"></pre>`,
  });
}

import { webviewPage, type PageResources } from '../html';

/** The trace view's page: every name, id and attribute is set as text by the script. */
export function tracesPageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Traces',
    body: `<div class="toolbar" role="toolbar" aria-label="Filters">
  <select id="conversation" aria-label="Conversation"><option value="">All conversations</option></select>
  <select id="workflow" aria-label="Workflow"><option value="">All traces</option><option value="*">Workflows</option></select>
  <label class="check"><input type="checkbox" id="errors"> Errors only</label>
  <input id="text" placeholder="Filter by text" aria-label="Filter by text" spellcheck="false">
  <label class="check" title="Show the HTTP calls the runtime made"><input type="checkbox" id="http"> HTTP calls</label>
  <span class="spacer"></span>
  <span id="count" aria-live="polite"></span>
  <button id="live" class="toggle" aria-pressed="false" title="Follow what the runtime appends to the file">Live</button>
</div>
<div id="status" role="status"></div>
<details id="problems" hidden><summary id="problems-title"></summary><ol id="problem-list"></ol></details>
<div id="main">
  <div id="traces" role="listbox" aria-label="Traces" tabindex="0"></div>
  <div id="trace">
    <div id="trace-head"></div>
    <div id="axis" aria-hidden="true"></div>
    <div id="rows" role="tree" aria-label="Spans"></div>
    <div id="empty" role="status"></div>
  </div>
</div>
<div id="detail" hidden tabindex="0" aria-label="The selected span"></div>`,
  });
}

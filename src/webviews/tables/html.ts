import { webviewPage, type PageResources } from '../html';

/** A table panel's page: the grid, its query bar and status; every cell is set as text by the script. */
export function tablePageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Table',
    body: `<div class="toolbar" role="toolbar" aria-label="Query">
  <button id="mode-rows" class="toggle" aria-pressed="true">Rows</button>
  <button id="mode-group" class="toggle" aria-pressed="false">Group by</button>
  <input id="search" placeholder="Search (searchable columns)" aria-label="Search" spellcheck="false">
  <span class="spacer"></span>
  <button id="add" title="Add a row">+ Row</button>
  <button id="delete" title="Delete the selected rows" disabled>Delete</button>
  <button id="save" title="Send the edits (Ctrl+S)" disabled>Save</button>
  <button id="undo" title="Undo the last unsent edit (Ctrl+Z)" disabled>Undo</button>
  <button id="copy-query" title="Copy the query as a client.findTableRows call">Copy as code</button>
  <button id="export" title="Export the current query to CSV or JSON">Export…</button>
</div>
<div class="filterbar">
  <div id="builder" aria-label="Filter builder">
    <select id="b-column" aria-label="Column"></select>
    <select id="b-op" aria-label="Operator"></select>
    <input id="b-value" placeholder="value (JSON or text)" aria-label="Value" spellcheck="false">
    <select id="b-join" aria-label="Combine"><option value="$and">AND</option><option value="$or">OR</option></select>
    <button id="b-add" title="Add this condition to the filter">Add condition</button>
    <button id="b-clear" title="Clear the filter">Clear</button>
  </div>
  <div class="completing">
    <textarea id="filter" rows="2" aria-label="Filter JSON (Ctrl+Space: columns and operators)" spellcheck="false"
      placeholder='Filter JSON, e.g. { "status": { "$eq": "shipped" } } (Ctrl+Space completes)'></textarea>
    <ul id="filter-complete" aria-label="Completions" hidden></ul>
  </div>
  <div id="problems" role="alert"></div>
  <div id="groupbar" hidden>
    <select id="g-key" aria-label="Group by column"></select>
    <select id="g-column" aria-label="Aggregate column"></select>
    <label><input type="checkbox" id="g-count" checked> count</label>
    <label><input type="checkbox" id="g-sum"> sum</label>
    <label><input type="checkbox" id="g-avg"> avg</label>
    <label><input type="checkbox" id="g-min"> min</label>
    <label><input type="checkbox" id="g-max"> max</label>
    <button id="g-run">Group</button>
  </div>
</div>
<div id="grid" tabindex="0" role="grid" aria-label="Rows">
  <div id="header" role="row"></div>
  <div id="viewport"><div id="spacer"></div><div id="rows"></div></div>
</div>
<div id="status" role="status"><span id="status-text"></span><span class="spacer"></span><span id="edit-status"></span></div>
<pre id="detail" aria-label="The selected row in full" tabindex="0"></pre>`,
  });
}

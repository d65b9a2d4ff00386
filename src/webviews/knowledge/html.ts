import { webviewPage, type PageResources } from '../html';

/** The knowledge search panel's page: every passage, score and name is set as text by the script. */
export function knowledgePageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Search Knowledge',
    body: `<header class="toolbar">
  <strong id="bot"></strong>
  <span id="ranking" class="badge" role="note"></span>
</header>
<form id="form" class="toolbar" aria-label="Search">
  <input id="query" placeholder="A question, as a user would ask it" aria-label="Query" spellcheck="false" autocomplete="off">
  <button id="search" type="submit">Search</button>
  <label>Top <select id="limit" aria-label="Passages returned">
    <option>5</option><option selected>10</option><option>20</option><option>50</option></select></label>
  <label>Context <select id="depth" aria-label="Neighbour passages shown around each (contextDepth)">
    <option>0</option><option selected>1</option><option>2</option><option>3</option></select></label>
</form>
<fieldset id="kbs" class="toolbar" aria-label="Knowledge bases searched"><legend>Knowledge bases</legend></fieldset>
<div id="recent" class="toolbar" aria-label="Recent queries"></div>
<div id="status" class="toolbar" role="status"><span id="status-text"></span><span class="spacer"></span>
  <button id="pin" disabled title="Keep this result list to compare the next runs with (e.g. after a sync)">Pin for Comparison</button>
  <button id="unpin" hidden>Unpin</button>
</div>
<main id="columns">
  <section id="pinned" hidden aria-label="Pinned results"><h2 id="pinned-title"></h2><ol id="pinned-list"></ol></section>
  <section id="current" aria-label="Results"><h2 id="current-title" hidden></h2><ol id="current-list"></ol></section>
</main>`,
  });
}

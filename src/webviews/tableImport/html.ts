import { webviewPage, type PageResources } from '../html';

/** An import's page: the preview, then its progress, then its summary; every value is set as text by the script. */
export function importPageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Import',
    body: `<main id="import" aria-busy="true">
<header>
  <h1 id="title"></h1>
  <p id="mapping"></p>
  <p id="warnings" role="alert"></p>
</header>
<section id="choose" aria-label="How to import" hidden>
  <fieldset>
    <legend>Rows without problems are</legend>
    <label><input type="radio" name="mode" id="mode-insert" value="insert" checked> inserted as new rows</label>
    <label><input type="radio" name="mode" id="mode-upsert" value="upsert"> upserted by</label>
    <select id="key" aria-label="Key column"></select>
  </fieldset>
  <button id="start" class="primary"></button>
  <button id="close-preview">Cancel</button>
</section>
<section id="running" aria-label="Progress" hidden>
  <progress id="progress" max="1" value="0"></progress>
  <span id="progress-text"></span>
  <button id="cancel">Cancel Import</button>
</section>
<section id="summary" aria-label="Summary" role="status" hidden>
  <p id="summary-text"></p>
  <button id="save-failed">Save Failed Rows…</button>
  <button id="close">Close</button>
  <span id="saved"></span>
</section>
<h2 id="sample-title">First rows, as they would be sent</h2>
<div class="scroll"><table id="sample"></table></div>
<h2 id="problems-title"></h2>
<ul id="problems"></ul>
<h2 id="failed-title" hidden></h2>
<ul id="failed" hidden></ul>
</main>`,
  });
}

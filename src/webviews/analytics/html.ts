import { webviewPage, type PageResources } from '../html';

/** A charts panel's page: the range bar, then the charts, each with its table; every text is set by the script. */
export function chartsPageHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Charts',
    body: `<header>
  <div class="titles"><div id="title"></div><div id="subtitle"></div></div>
  <div id="ranges" class="toolbar" role="toolbar" aria-label="Range" hidden>
    <button class="toggle" data-preset="24h" aria-pressed="false">24 h</button>
    <button class="toggle" data-preset="7d" aria-pressed="true">7 d</button>
    <button class="toggle" data-preset="30d" aria-pressed="false">30 d</button>
    <button class="toggle" id="custom" aria-pressed="false">Custom…</button>
    <span id="custom-range" hidden>
      <input id="from" type="date" aria-label="From">
      <input id="to" type="date" aria-label="To">
      <button id="apply">Apply</button>
    </span>
    <button id="refresh" title="Load the range again">Refresh</button>
  </div>
</header>
<div id="status" role="status"></div>
<main id="charts" aria-label="Charts"></main>`,
  });
}

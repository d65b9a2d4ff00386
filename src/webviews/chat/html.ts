import { webviewPage, type PageResources } from '../html';

/**
 * The conversation panel's page: titles and content arrive as messages and are set as text; media may load
 * from https and data URLs only.
 */
export function panelHtml(resources: PageResources): string {
  return webviewPage(resources, {
    title: 'Conversation',
    remoteMedia: true,
    body:
      `<header>
  <div class="titles"><div id="title"></div><div id="subtitle"></div></div>
  <button id="glossary" hidden title="Intents, entities and variables of the project">Intents &amp; Entities</button>
  <button id="logs" hidden title="The log tail of this conversation">Logs</button>
  <button id="analytics" hidden title="The bot's analytics: users, sessions, messages, events, LLM calls">Analytics</button>
  <button id="restart" hidden title="Start another conversation with the bot">New Conversation</button>
</header>
<div id="status" class="status" role="status" hidden></div>
<div id="drawer" hidden></div>
<div id="walker" hidden></div>
<main>
  <section id="conversation">
    <ol id="transcript" aria-label="Messages" aria-live="polite"></ol>
    <div id="typing" hidden aria-label="The bot is typing"><span>●</span><span>●</span><span>●</span></div>
    <form id="composer" hidden>
      <textarea id="input" rows="2" placeholder="Message the bot (Enter sends, Shift+Enter for a new line)" aria-label="Message"></textarea>
      <button type="submit">Send</button>
    </form>
  </section>
  <section id="graph" hidden aria-label="The board as a graph"></section>
  <aside id="inspector" hidden aria-label="Message inspector">
    <div class="bar"><strong>Message JSON</strong><button id="inspector-open">Open in Editor</button>` +
      `<button id="inspector-close" aria-label="Close">✕</button></div>
    <pre id="inspector-json"></pre>
  </aside>
</main>`,
  });
}

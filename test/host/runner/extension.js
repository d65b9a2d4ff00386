// Test-only extension installed beside the product by the e2e harness. At startup it loads the bundled
// module named in config.json (written next to this file by the harness), calls its `runAll(report)` and
// POSTs every message it reports, then `{ type: 'done' }`, to the loopback URL in the same file.
const fs = require('node:fs');
const path = require('node:path');

async function post(url, message) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  if (!response.ok) throw new Error(`report refused: ${response.status}`);
}

function activate() {
  const configFile = path.join(__dirname, 'config.json');
  if (!fs.existsSync(configFile)) return;
  const { module: modulePath, reportUrl } = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const report = (message) => post(reportUrl, { type: 'result', ...message });
  // Runs after activation returns, so the host is not held up by the suite.
  setTimeout(async () => {
    let error;
    try {
      await require(modulePath).runAll(report);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await post(reportUrl, { type: 'done', error }).catch(() => {});
  }, 0);
}

module.exports = { activate, deactivate() {} };

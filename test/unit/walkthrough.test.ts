import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';

interface Step {
  id: string;
  title: string;
  description: string;
  /** An SVG drawn inline, so that it takes the theme's colours. */
  media: { svg: string; altText: string };
  completionEvents: string[];
}

const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8'));
const commands = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
const [walkthrough] = manifest.contributes.walkthroughs as { id: string; steps: Step[] }[];

test('the walkthrough goes from signing in to testing conversations, each step with its image and completion', () => {
  assert.deepEqual(
    walkthrough.steps.map((s) => s.id),
    ['signIn', 'project', 'deploy', 'chat', 'logs', 'conversationTests'],
  );
  const known = (command: string) => commands.has(command) || command.startsWith('workbench.');
  for (const step of walkthrough.steps) {
    const svg = fs.readFileSync(step.media.svg, 'utf8');
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/, `${step.id}: an SVG image`);
    // The walkthrough draws images under a CSP that allows no style element or attribute of theirs.
    assert.ok(!/<script|\son\w+=|style="|<style/i.test(svg), `${step.id}: no script, handler, style element or inline style`);
    assert.match(svg, /var\(--vscode-/, `${step.id}: drawn in the theme's colours`);
    assert.ok(step.media.altText.length > 10, `${step.id}: described for screen readers`);
    assert.ok(step.completionEvents.length > 0, `${step.id}: completes on something the user does`);
    for (const event of step.completionEvents) {
      assert.match(event, /^(onCommand|onContext|onView|onSettingChanged|onLink|extensionInstalled):./, event);
      if (event.startsWith('onCommand:')) assert.ok(commands.has(event.slice(10)), `${event}: a contributed command`);
    }
    const links = [...step.description.matchAll(/\(command:([\w.]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length > 0, `${step.id}: a button to do it`);
    for (const link of links) assert.ok(known(link), `${step.id}: ${link} exists`);
  }
  const packaged = fs.readFileSync('.vscodeignore', 'utf8').split('\n');
  assert.ok(packaged.includes('!media/walkthrough/**'), 'the images are packaged');
});

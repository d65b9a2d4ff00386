// The real Botmock data the Botmock tests read: the v1 API docs' examples and a recorded v2 project (the demo's team).
import * as fs from 'node:fs';
import * as path from 'node:path';

const folder = path.join(__dirname, '..', '..', '..', 'src', 'emulator', 'demo', 'botmock');
const fixture = (name: string) => JSON.parse(fs.readFileSync(path.join(folder, name), 'utf8')) as Record<string, any>;

export const v1 = fixture('botmock-v1-api-docs-examples.json');
export const v2 = fixture('botmock-v2-generic-project.botium-recorded.json');

// Runs a module inside the real extension host of a code-server workbench (through the test-runner
// extension) and collects what it reports over loopback HTTP.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Workbench, type WorkbenchOptions } from './workbench';

export interface HostMessage {
  type: 'result' | 'done';
  name?: string;
  ok?: boolean;
  ms?: number;
  error?: string;
  [key: string]: unknown;
}

/** A loopback endpoint receiving the runner's messages, readable as an async stream until `done`. */
export class HostReports {
  private readonly queue: HostMessage[] = [];
  private wake: (() => void) | undefined;

  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async listen(): Promise<HostReports> {
    const server = http.createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8');
      req.on('data', (chunk: string) => (body += chunk));
      req.on('end', () => {
        try {
          reports.push(JSON.parse(body) as HostMessage); // listening starts before `reports` exists: nothing is sent until then
          res.end('ok');
        } catch {
          res.writeHead(400).end('not JSON');
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const reports = new HostReports(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return reports;
  }

  private push(message: HostMessage): void {
    this.queue.push(message);
    this.wake?.();
  }

  /** Yields each message as it arrives, ending after `done`; throws if none comes within `idleTimeout`. */
  async *messages(idleTimeout: number): AsyncGenerator<HostMessage> {
    for (;;) {
      while (!this.queue.length) {
        const arrived = await new Promise<boolean>((resolve) => {
          const timer = setTimeout(() => resolve(false), idleTimeout);
          this.wake = () => {
            clearTimeout(timer);
            resolve(true);
          };
        });
        this.wake = undefined;
        if (!arrived) throw new Error(`the extension host reported nothing for ${idleTimeout} ms`);
      }
      const message = this.queue.shift()!;
      yield message;
      if (message.type === 'done') return;
    }
  }

  close(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections(); // idle keep-alive sockets would hold close() for seconds
    return closed;
  }
}

/** Opens a workbench whose extension host runs `moduleFile` (bundled; `runAll(report)`) at startup; reports stream in. */
export async function openWithHostModule(
  moduleFile: string,
  options: Omit<WorkbenchOptions, 'hostModule'>,
): Promise<{ wb: Workbench; reports: HostReports }> {
  const reports = await HostReports.listen();
  try {
    const wb = await Workbench.open({ ...options, hostModule: { file: moduleFile, reportUrl: reports.url } });
    return { wb, reports };
  } catch (error) {
    await reports.close();
    throw error;
  }
}

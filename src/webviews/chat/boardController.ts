import type { BoardRef, BotmockClient } from '../../api/botmock';
import { describeError } from '../../api/errors';
import { ReadOnlyController } from './state';
import type { PanelView } from './protocol';

export interface BoardDeps {
  botmock(): Promise<BotmockClient>;
}

export interface BoardTarget extends BoardRef {
  readonly name?: string;
  /** `mock` or `flow`, when the caller knows it (the explorer does); else read from the project. */
  readonly projectType?: string;
  /** The project's name, which tells boards of the same name apart. */
  readonly projectName?: string;
}

/**
 * A Botmock board: loads the board with its project's intents, entities and variables and hands the
 * normalized model to the webview, which draws a mock board as a transcript and walks a flow board.
 * The glossary is best effort: a board still shows when one of those lists fails.
 */
export class BoardController extends ReadOnlyController {
  readonly view: PanelView;

  constructor(
    readonly target: BoardTarget,
    private readonly deps: BoardDeps,
  ) {
    super();
    this.view = {
      kind: 'board',
      title: target.name || `Board ${target.boardId}`,
      subtitle: [target.projectName, target.projectType ? `Botmock ${target.projectType} board` : 'Botmock board']
        .filter(Boolean)
        .join(' · '),
      canSend: false,
      canRestart: false,
      hasLogs: false,
    };
  }

  protected async load(): Promise<void> {
    this.state.setStatus({ level: 'info', text: 'Loading the board…' });
    try {
      const client = await this.deps.botmock();
      const { projectType, board, intents, entities, variables, problems } = await client.readBoard(this.target, {
        projectType: this.target.projectType,
      });
      if (this.disposed) return;
      this.state.setBoard({ kind: projectType, board, intents, entities, variables });
      this.state.setStatus(
        problems.length
          ? { level: 'warning', text: `Some of the project could not be read (${problems.join('; ')}).`, actions: ['retry'] }
          : null,
      );
    } catch (err) {
      if (!this.disposed)
        this.state.setStatus({ level: 'error', text: `Could not open the board: ${describeError(err)}`, actions: ['retry'] });
    }
  }
}

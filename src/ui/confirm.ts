import * as vscode from 'vscode';
import { escapeMarkdownLinks } from '../core/text';

/** What an irreversible action's question shows. */
export interface Irreversible {
  message: string;
  detail?: string;
  /** The destructive button, e.g. "Delete". */
  action: string;
  /** The safe button, focused and blue, e.g. "Keep Bot", or a safe alternative such as "Save As…". */
  keep: string;
}

/**
 * Asks before an irreversible action in a modal whose default is safe. VS Code focuses and colours the first
 * button it is given and always adds a Cancel of its own, so the safe answer goes first and Enter never destroys.
 * Returns the chosen title, or undefined (Cancel, Escape).
 */
export async function askIrreversible(question: Irreversible): Promise<string | undefined> {
  const answer = await vscode.window.showWarningMessage(
    escapeMarkdownLinks(question.message),
    { modal: true, detail: question.detail },
    question.keep,
    question.action,
  );
  return answer;
}

/** True when the user chose the destructive action. */
export async function confirmIrreversible(question: Irreversible): Promise<boolean> {
  return (await askIrreversible(question)) === question.action;
}

// The messages between the knowledge search panel (extension host) and its webview (media/knowledge), both ways.
// A search carries a `seq` its answer repeats, so a late answer to an old query is dropped.
import type { ResultPassage } from '../../core/knowledge/compare';

export type { ResultPassage };

/** Whose knowledge a panel searches. */
export interface SearchTarget {
  workspaceId: string;
  botId: string;
  /** The bot's name, for the title. */
  name: string;
}

export interface KnowledgeBaseInfo {
  id: string;
  name: string;
}

export interface SearchOptions {
  /** The knowledge bases searched; empty: all of the bot's. */
  kbIds: string[];
  limit: number;
  /** Neighbour passages shown around each one (searchFiles' contextDepth). */
  contextDepth: number;
}

export interface ResultList {
  query: string;
  /** ISO time of the search. */
  at: string;
  /** The knowledge bases searched, by name ("all" when every one). */
  scope: string;
  ms: number;
  passages: ResultPassage[];
}

/** What the page remembers across a window reload (the webview's state, handed to the serializer). */
export interface SearchViewState {
  target: SearchTarget;
  options?: SearchOptions;
  current?: ResultList;
  pinned?: ResultList;
}

export type HostMessage =
  | {
      type: 'init';
      target: SearchTarget;
      knowledgeBases: KnowledgeBaseInfo[];
      /** The last queries, newest first. */
      history: string[];
      /** Connected to the Local Cloud (the emulator), which ranks lexically. */
      lexical: boolean;
      /** Knowledge bases to select (opened from one of them). */
      select?: string[];
    }
  | { type: 'select'; kbIds: string[] }
  | { type: 'results'; seq: number; list: ResultList; history: string[] }
  | { type: 'failed'; seq: number; message: string };

export type ViewMessage =
  | { type: 'ready' }
  | { type: 'search'; seq: number; query: string; options: SearchOptions }
  /** Open a passage's local source at its place. */
  | { type: 'open'; passage: ResultPassage };

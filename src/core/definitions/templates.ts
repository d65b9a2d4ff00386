import type { DefinitionKind } from './validate';

/** A small definition that passes every check: the starting point of `Botpress: New … Definition`. */
export function newDefinition(kind: DefinitionKind, name: string): string {
  const safe =
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || `my-${kind}`;
  if (kind === 'bot') {
    return `# Botpress bot definition: the updateBot request body, checked as you type.
name: ${safe}
# code: src/index.ts   # the entry point Deploy bundles
states:
  session:
    type: conversation
    schema:
      type: object
      title: Session
      description: What the bot remembers during a conversation
      properties: {}
user:
  tags: {}
conversation:
  tags: {}
events: {}
`;
  }
  return `# Botpress integration definition: the createIntegration request body, checked as you type.
name: ${safe}
version: 0.1.0
title: ${safe}
description: What this integration does
# icon: icon.svg       # an SVG next to this file
# readme: hub.md       # the readme shown on the hub
# code: src/index.ts   # the entry point Deploy bundles
configuration:
  schema:
    type: object
    properties: {}
channels: {}
actions: {}
events: {}
`;
}

// Builders of the official resources: the caller gives the meaningful fields, the spec fills the rest.
import type { Bot, Conversation, Event, Integration, Message, State, User, Workspace } from '@botpress/client';
import { complete } from './spec';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const iso = (t = Date.now()) => new Date(t).toISOString();

export type BotIntegrationEntry = Bot['integrations'][string];

export function workspace(fields: Partial<Workspace> & Pick<Workspace, 'id' | 'name' | 'ownerId'>): Workspace {
  return complete<Workspace>(
    ref('Workspace'),
    { billingVersion: 'v4', plan: 'team', spendingLimit: 100, handle: fields.name.toLowerCase().replace(/\W+/g, '-'), ...fields },
    iso(),
  );
}

export function bot(fields: Partial<Bot> & Pick<Bot, 'id' | 'name'>, at = Date.now()): Bot {
  return complete<Bot>(
    ref('Bot'),
    {
      createdAt: iso(at),
      updatedAt: iso(at),
      deployedAt: iso(at),
      signingSecret: `sec_${fields.id.replace(/-/g, '')}`,
      status: 'active',
      subscriptions: { events: null },
      configuration: { data: {}, schema: {} },
      user: { tags: {} },
      conversation: { tags: {} },
      message: { tags: {} },
      ...fields,
    },
    iso(at),
  );
}

export function integration(
  fields: Partial<Integration> & Pick<Integration, 'id' | 'name' | 'version' | 'title'>,
  at = Date.now(),
): Integration {
  return complete<Integration>(
    ref('Integration'),
    {
      createdAt: iso(at),
      updatedAt: iso(at),
      url: `https://integrations.botpress.cloud/${fields.name}`,
      description: `${fields.title} integration`,
      iconUrl: `https://media.botpress.cloud/integrations/${fields.name}/icon.svg`,
      readmeUrl: `https://media.botpress.cloud/integrations/${fields.name}/readme.md`,
      visibility: fields.public ? 'public' : 'private',
      verificationStatus: fields.public ? 'approved' : 'unapproved',
      lifecycleStatus: 'published',
      configuration: { identifier: { required: false }, schema: { type: 'object', properties: {} } },
      ...fields,
    },
    iso(at),
  );
}

/** What `bot.integrations[id]` holds once an integration is installed. */
export function installation(
  i: Integration,
  webhookId: string,
  configuration: Record<string, unknown> = {},
  enabled = true,
): BotIntegrationEntry {
  return {
    enabled,
    name: i.name,
    version: i.version,
    webhookUrl: `https://webhook.botpress.cloud/${webhookId}`,
    webhookId,
    identifier: undefined,
    configurationType: null,
    configuration,
    status: 'registered',
    statusReason: null,
    disabledChannels: [],
    id: i.id,
    createdAt: iso(),
    updatedAt: iso(),
    title: i.title,
    description: i.description,
    iconUrl: i.iconUrl,
    public: i.public,
    visibility: i.visibility,
    verificationStatus: i.verificationStatus,
    lifecycleStatus: i.lifecycleStatus,
  } as BotIntegrationEntry;
}

export function conversation(fields: Partial<Conversation> & Pick<Conversation, 'id'>, at = Date.now()): Conversation {
  return complete<Conversation>(
    ref('Conversation'),
    { createdAt: iso(at), updatedAt: iso(at), channel: 'channel', integration: 'chat', tags: {}, ...fields },
    iso(at),
  );
}

export function user(fields: Partial<User> & Pick<User, 'id'>, at = Date.now()): User {
  return complete<User>(ref('User'), { createdAt: iso(at), updatedAt: iso(at), tags: {}, ...fields }, iso(at));
}

export function message(
  fields: Partial<Message> & Pick<Message, 'id' | 'payload' | 'direction' | 'userId' | 'conversationId'>,
  at = Date.now(),
): Message {
  const type = typeof fields.payload.type === 'string' ? fields.payload.type : 'text';
  return complete<Message>(ref('Message'), { createdAt: iso(at), updatedAt: iso(at), type, tags: {}, ...fields }, iso(at));
}

export function event(fields: Partial<Event> & Pick<Event, 'id' | 'type'>, at = Date.now()): Event {
  return complete<Event>(ref('Event'), { createdAt: iso(at), payload: {}, status: 'processed', ...fields }, iso(at));
}

export function state(fields: Partial<State> & Pick<State, 'id' | 'botId' | 'name' | 'type' | 'payload'>, at = Date.now()): State {
  return complete<State>(ref('State'), { createdAt: iso(at), updatedAt: iso(at), ...fields }, iso(at));
}

import { Injectable } from '@nestjs/common';
import type { MailKind } from './outbox.service';

/** One outbox row as a renderer sees it at send time. */
export interface OutboxRow {
  id: string;
  orgId: string;
  kind: MailKind;
  recipient: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
  campaignId: string | null;
  attempts: number;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/**
 * Renders a row into a message, at send time. `{ obsolete: reason }` means the message is no
 * longer worth sending (a sign-in link that expired while the mail waited); the row is then
 * closed as failed with that reason, never sent.
 */
export type MailRenderer = (row: OutboxRow) => Promise<RenderedMail | { obsolete: string }>;

export class UnknownMailKindError extends Error {}

/**
 * kind → renderer. Each feature registers its kinds from `onModuleInit` of a provider that
 * the worker loads: `templates.register('invitation', (row) => …)`. Registering a kind twice
 * is a programming error and throws at start.
 */
@Injectable()
export class MailTemplates {
  private readonly renderers = new Map<MailKind, MailRenderer>();

  register(kind: MailKind, renderer: MailRenderer): void {
    if (this.renderers.has(kind)) throw new Error(`mail kind "${kind}" has two templates`);
    this.renderers.set(kind, renderer);
  }

  has(kind: MailKind): boolean {
    return this.renderers.has(kind);
  }

  kinds(): MailKind[] {
    return [...this.renderers.keys()];
  }

  async render(row: OutboxRow): Promise<RenderedMail | { obsolete: string }> {
    const renderer = this.renderers.get(row.kind);
    if (!renderer) throw new UnknownMailKindError(`no template for mail kind "${row.kind}"`);
    return renderer(row);
  }
}

import { Inject, Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { seal } from '../common/crypto';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { inTransaction } from '../database/transaction';
import { OutboxService } from '../mail/outbox.service';
import { MagicLinksService } from './magic-links.service';
import { SessionsService } from '../auth/sessions.service';

/** At most this many links per user and organization in 15 minutes; more requests send nothing. */
export const MAX_RECENT_LINKS = 5;

@Injectable()
export class SignInService implements OnApplicationShutdown {
  private readonly logger = new Logger('SignIn');
  private readonly pending = new Set<Promise<unknown>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(CONFIG) private readonly config: RapportConfig,
    private readonly links: MagicLinksService,
    private readonly sessions: SessionsService,
    private readonly outbox: OutboxService,
  ) {}

  /**
   * Mails one link per organization in which the address is a user; an unknown address gets
   * nothing, and the caller answers the same either way. The token reaches the outbox only
   * sealed with the master key, and the mail worker drops it once the mail is sent.
   * Returns how many links were mailed (for tests and logs; never shown to the visitor).
   */
  async requestLinks(email: string): Promise<number> {
    return inTransaction(this.db, async (tx) => {
      const messages = [];
      for (const account of await this.links.accountsFor(email, tx.manager)) {
        if ((await this.links.recentCount(tx.manager, account.orgId, account.userId)) >= MAX_RECENT_LINKS) continue;
        const { id, token } = await this.links.issue(tx.manager, account.orgId, account.userId);
        messages.push({
          orgId: account.orgId,
          kind: 'sign_in' as const,
          recipient: email,
          payload: { magicLinkId: id, sealedToken: seal(this.config.masterKey, Buffer.from(token)).toString('base64') },
          dedupeKey: `sign-in-${id}`,
        });
      }
      await this.outbox.write(tx, messages);
      return messages.length;
    });
  }

  /**
   * For the /login form: the work happens after the answer, so a known address does not
   * take measurably longer to answer than an unknown one.
   */
  requestLinksInBackground(email: string): void {
    const work: Promise<unknown> = this.requestLinks(email)
      .catch((error: Error) => this.logger.error(`a sign-in link request failed: ${error.message}`))
      .finally(() => this.pending.delete(work));
    this.pending.add(work);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.pending]);
  }

  /** The sign-in button's POST: uses the link up and starts a session; null if the link is spent. */
  async signIn(token: string): Promise<string | null> {
    return inTransaction(this.db, async (tx) => {
      const used = await this.links.consume(tx.manager, token);
      return used ? this.sessions.create(tx.manager, used.orgId, used.userId) : null;
    });
  }
}

import { Global, Module } from '@nestjs/common';
import { MailTemplates } from './mail-templates.service';
import { OutboxService } from './outbox.service';

/**
 * Writing mail (the outbox) and the template registry, in every process. Sending lives in
 * MailWorkerModule (worker only); the development mail catcher in DevMailModule (API only).
 */
@Global()
@Module({
  providers: [OutboxService, MailTemplates],
  exports: [OutboxService, MailTemplates],
})
export class MailModule {}

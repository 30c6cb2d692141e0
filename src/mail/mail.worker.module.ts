import { Module } from '@nestjs/common';
import { MailSender } from './mail-sender.service';

/** The `mail.send` handler and the unsent-outbox reconcile task: imported only by the worker. */
@Module({
  providers: [MailSender],
})
export class MailWorkerModule {}

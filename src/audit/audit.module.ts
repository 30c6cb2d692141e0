import { Module } from '@nestjs/common';
import { AuditService } from './audit.service';

/** The trail's reader; features write events with `recordAudit()` in their own transactions. */
@Module({
  providers: [AuditService],
  exports: [AuditService],
})
export class AuditModule {}

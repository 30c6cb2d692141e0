import { Module } from '@nestjs/common';
import { DevMailCatcher } from './dev-mail-catcher.service';
import { DevMailController } from './dev-mail.controller';

/** The development mail catcher and /dev/mail: imported by the API only. */
@Module({
  controllers: [DevMailController],
  providers: [DevMailCatcher],
})
export class DevMailModule {}

import { Module } from '@nestjs/common';
import { DevMailCatcher } from './dev-mail-catcher.service';

/** The development mail catcher behind /dev/mail: imported by the API only. */
@Module({
  providers: [DevMailCatcher],
  exports: [DevMailCatcher],
})
export class DevMailModule {}

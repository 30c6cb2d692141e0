import { Module } from '@nestjs/common';
import { MagicLinksService } from './magic-links.service';

/** Issuing and using sign-in links; the CLI loads it for `login-link`. */
@Module({
  providers: [MagicLinksService],
  exports: [MagicLinksService],
})
export class MagicLinksModule {}

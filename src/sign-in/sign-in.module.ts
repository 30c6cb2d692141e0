import { Module } from '@nestjs/common';
import { MagicLinksModule } from './magic-links.module';
import { SignInService } from './sign-in.service';

/** Signing in by emailed link (API process). Sessions and the page guards come from SessionsModule. */
@Module({
  imports: [MagicLinksModule],
  providers: [SignInService],
  exports: [SignInService, MagicLinksModule],
})
export class SignInModule {}

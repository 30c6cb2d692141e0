import { Module } from '@nestjs/common';
import { MagicLinksModule } from './magic-links.module';
import { SignInController } from './sign-in.controller';
import { SignInService } from './sign-in.service';

/** The sign-in pages (API process). Sessions and the page guards come from SessionsModule. */
@Module({
  imports: [MagicLinksModule],
  controllers: [SignInController],
  providers: [SignInService],
})
export class SignInModule {}

import { Module } from '@nestjs/common';
import { SignInMailTemplate } from './sign-in.mail';

/** The `sign_in` mail template; the worker loads it (templates render at send time). */
@Module({
  providers: [SignInMailTemplate],
})
export class SignInMailModule {}

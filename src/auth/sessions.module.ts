import { Global, Module } from '@nestjs/common';
import { CsrfGuard } from './csrf';
import { SessionsService } from './sessions.service';
import { SessionGuard } from './web-page';

/** Sessions and the guards behind `@WebPage()` / `@PublicPage()`, usable by any feature's pages. */
@Global()
@Module({
  providers: [SessionsService, SessionGuard, CsrfGuard],
  exports: [SessionsService, SessionGuard, CsrfGuard],
})
export class SessionsModule {}

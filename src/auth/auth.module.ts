import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';

/** API keys; ApiModule installs AuthGuard (which checks them) for every route. */
@Module({
  providers: [ApiKeysService],
  exports: [ApiKeysService],
})
export class AuthModule {}

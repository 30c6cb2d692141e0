import { Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  ThrottlerModuleOptions,
  ThrottlerRequest,
  ThrottlerStorage,
} from '@nestjs/throttler';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';

/**
 * The answering routes are public and the token is the credential: a per-client, per-route
 * limit (ANSWER_RATE_LIMIT a minute) makes guessing tokens hopeless without slowing a person.
 */
@Injectable()
export class AnsweringThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    @Inject(CONFIG) private readonly config: RapportConfig,
  ) {
    super(options, storage, reflector);
  }

  protected override handleRequest(request: ThrottlerRequest): Promise<boolean> {
    return super.handleRequest({ ...request, limit: this.config.answerRateLimit, ttl: 60_000 });
  }
}

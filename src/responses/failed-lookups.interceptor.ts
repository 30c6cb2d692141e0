import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { catchError, defer, Observable } from 'rxjs';
import { FailedLookups } from './failed-lookups';

/** Counts the answering API's 404s (unknown, tampered, other-campaign links) per client address. */
@Injectable()
export class FailedLookupInterceptor implements NestInterceptor {
  constructor(private readonly lookups: FailedLookups) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    return next.handle().pipe(
      catchError((error: unknown) =>
        defer(async () => {
          throw await this.lookups.judge(request.ip, error);
        }),
      ),
    );
  }
}

import { PipeTransform, ValidationError, ValidationPipe } from '@nestjs/common';
import { isUUID } from 'class-validator';
import { FieldError, NotFoundError, ValidationFailedError } from './errors';

/** class-validator's nested errors as our `errors[]`: one entry per field and message. */
export function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: error.constraints?.whitelistValidation === message ? `${field} is not an accepted property` : message,
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Unknown properties are refused, types are transformed, and failures are a 422 with errors[]. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    errorHttpStatusCode: 422,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => new ValidationFailedError(flatten(errors)),
  });
}

/**
 * A malformed id names nothing that exists: 404, never a database error. Ids are compared
 * as stored (lower case), so an upper-case spelling of the same id is accepted and folded.
 */
export function uuidPipe(what: string): PipeTransform<string, string> {
  return {
    transform(value: string) {
      if (typeof value !== 'string' || !isUUID(value)) throw new NotFoundError(what);
      return value.toLowerCase();
    },
  };
}

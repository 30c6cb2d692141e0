import { Module } from '@nestjs/common';
import { FailedLookups } from './failed-lookups';

/** The answering limit, for the API's answering controllers (the CLI's demo seed answers without it). */
@Module({ providers: [FailedLookups], exports: [FailedLookups] })
export class AnsweringLimitModule {}

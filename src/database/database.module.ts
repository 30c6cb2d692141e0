import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RapportConfig } from '../config/config';
import { CONFIG } from '../config/config.module';
import { dataSourceOptions } from './data-source';

/** Schema comes from migrations only (`cli migrate`); the app never changes it on its own. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [CONFIG],
      useFactory: (config: RapportConfig) => ({ ...dataSourceOptions(config), migrations: [] }),
    }),
  ],
})
export class DatabaseModule {}

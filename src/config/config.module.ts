import { Global, Module } from '@nestjs/common';
import { RapportConfig } from './config';

export const CONFIG = Symbol('RapportConfig');

/** Makes the already-validated configuration injectable as `@Inject(CONFIG)`. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: RapportConfig) {
    return {
      module: ConfigModule,
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}

import { DataSource } from 'typeorm';
import { loadConfig } from '../config/config';
import { dataSourceOptions } from './data-source';

/** For the TypeORM CLI (`typeorm -d dist/database/typeorm-cli.data-source.js migration:show`). */
export default new DataSource(dataSourceOptions(loadConfig()));

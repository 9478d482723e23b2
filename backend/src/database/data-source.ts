import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readConfigFromEnvironment } from '../config/app-config.js';
import { dataSourceOptions } from './data-source-options.js';

/**
 * The data source for the TypeORM command line (`typeorm migration:show -d dist/src/database/data-source.js`),
 * on DATABASE_PATH or ./data/concord.sqlite. The API does not use this file; it builds its own in DatabaseModule.
 */
export default new DataSource({
  ...dataSourceOptions(readConfigFromEnvironment(process.env).database),
  migrationsRun: false,
});

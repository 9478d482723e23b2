import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { readConfigFromEnvironment } from '../config/app-config.js';
import { dataSourceOptions } from '../database/data-source-options.js';
import { entities } from './entities.js';

/**
 * The data source for the TypeORM command line (`typeorm migration:show -d dist/src/composition/data-source.js`),
 * on DATABASE_URL, DATABASE_PATH or ./data/concord.sqlite. The API does not use this file; it builds its own in DatabaseModule.forRoot.
 */
export default new DataSource({
  ...dataSourceOptions(readConfigFromEnvironment(process.env).database, entities),
  migrationsRun: false,
});

import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, type EntityList } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

/** The SQLite data source (migrated at start-up) and the unit of work, available everywhere. */
@Global()
@Module({})
export class DatabaseModule {
  /** The data source over `entities` (the composition root passes the app's list). */
  static forRoot(entities: EntityList): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        TypeOrmModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.databasePath, entities), retryAttempts: 0 }),
        }),
      ],
      providers: [UnitOfWork],
      exports: [UnitOfWork],
    };
  }
}

import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config.js';
import { dataSourceOptions, type EntityList } from './data-source-options.js';
import { UnitOfWork } from './unit-of-work.js';

/**
 * The application's DataSource (reads; on SQLite a read-only connection of its own) and the unit of
 * work (writes), available everywhere. The database is migrated before any other provider starts.
 */
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
          useFactory: (config: AppConfig) => ({ ...dataSourceOptions(config.database, entities), retryAttempts: 0 }),
        }),
      ],
      providers: [
        {
          provide: UnitOfWork,
          inject: [DataSource, AppConfig],
          useFactory: (reader: DataSource, config: AppConfig) => UnitOfWork.open(reader, config.database, entities),
        },
      ],
      exports: [UnitOfWork],
    };
  }
}

import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok'], description: 'the process is up and answering' })
  status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ready', 'not_ready'] })
  status!: 'ready' | 'not_ready';

  @ApiProperty({ enum: ['sqlite', 'postgres'], description: 'the database engine' })
  database!: 'sqlite' | 'postgres';

  @ApiProperty({ description: 'the database answered a query' })
  databaseReachable!: boolean;

  @ApiProperty({ type: [String], description: 'migrations not applied yet (empty when the schema is current)' })
  pendingMigrations!: string[];
}

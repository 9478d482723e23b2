import { ApiProperty } from '@nestjs/swagger';

export class HealthResponse {
  @ApiProperty({ enum: ['ok'], description: 'the process is up and answering' })
  status!: 'ok';
}

export class ReadinessResponse {
  @ApiProperty({ enum: ['ready'], description: 'the database answers and every migration is applied' })
  status!: 'ready';

  @ApiProperty({ enum: ['sqlite', 'postgres'], description: 'the database engine' })
  database!: 'sqlite' | 'postgres';
}

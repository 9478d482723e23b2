import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, MaxLength } from 'class-validator';
import { UserResponse } from '../users/users.dto.js';

export class LoginRequest {
  @ApiProperty({ example: 'admin@example.org' })
  @IsString()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'correct horse battery staple' })
  @IsString()
  @Length(1, 200)
  password!: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`' })
  token!: string;

  @ApiProperty({ example: '2025-01-31T22:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ type: UserResponse })
  user!: UserResponse;
}

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

export class ChangePasswordRequest {
  @ApiProperty({ description: 'the password the caller signed in with (or the temporary one)' })
  @IsString()
  @Length(1, 200)
  currentPassword!: string;

  @ApiProperty({ minLength: 8, maxLength: 200, description: 'at least 8 characters, not the email, not a common or breached password (or close to one)' })
  @IsString()
  @Length(8, 200)
  newPassword!: string;
}

export class LoginResponse {
  @ApiProperty({ description: 'send as `Authorization: Bearer <token>`' })
  token!: string;

  @ApiProperty({ example: '2025-01-31T22:00:00.000Z' })
  expiresAt!: string;

  @ApiProperty({ type: UserResponse })
  user!: UserResponse;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Length,
  MaxLength,
} from 'class-validator';
import { PageQuery, PageResponse } from '../../http/pagination.js';
import { roles, type Role } from './roles.js';

const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class CreateUserRequest {
  @ApiProperty({ example: 'ada@example.org' })
  @Transform(trimmed)
  @IsEmail()
  @MaxLength(254)
  email!: string;

  @ApiProperty({ example: 'Ada Lovelace' })
  @Transform(trimmed)
  @IsString()
  @Length(1, 200)
  name!: string;

  @ApiProperty({ minLength: 8, maxLength: 200, description: 'at least 8 characters, not the email, not a common or breached password (or close to one)' })
  @IsString()
  @Length(8, 200)
  password!: string;

  @ApiPropertyOptional({ default: false, description: 'the password is temporary: the person must choose their own at their first sign-in, as after POST /api/users/{id}/temporary-password' })
  @IsOptional()
  @IsBoolean()
  temporaryPassword?: boolean;

  @ApiProperty({ enum: roles, isArray: true, example: ['assessor'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(roles, { each: true })
  roles!: Role[];

  @ApiPropertyOptional({ type: [String], example: ['Northwind College'], description: 'organisations the person declares a conflict of interest with' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  conflictOrganisations?: string[];
}

/** `?search=ada&role=assessor`: the users whose name or email contains `search` (any case) and who hold `role`. */
export class UserListQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'ada', description: 'only users whose name or email contains this text, in any case' })
  @IsOptional()
  @Transform(trimmed)
  @IsString()
  @MaxLength(254)
  search?: string;

  @ApiPropertyOptional({ enum: roles, description: 'only users who hold this role' })
  @IsOptional()
  @IsIn(roles)
  role?: Role;
}

export class DeclareConflictsRequest {
  @ApiProperty({ type: [String], example: ['Northwind College'], description: 'replaces every earlier declaration of the same kind (the person\'s own, or those an admin recorded)' })
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  @Length(1, 200, { each: true })
  organisations!: string[];
}

export class ChangeRolesRequest {
  @ApiProperty({ enum: roles, isArray: true, example: ['assessor', 'trainer'], description: 'replaces every role the person held' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(roles, { each: true })
  roles!: Role[];
}

export class TemporaryPasswordRequest {
  @ApiProperty({ minLength: 8, maxLength: 200, description: 'the person must replace it at their next sign-in; the same policy as every password' })
  @IsString()
  @Length(8, 200)
  password!: string;
}

export class UserResponse {
  @ApiProperty() id!: number;
  @ApiProperty({ example: 'ada@example.org' }) email!: string;
  @ApiProperty({ example: 'Ada Lovelace' }) name!: string;
  @ApiProperty({ enum: roles, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String], description: 'every organisation the person has a conflict of interest with' }) conflictOrganisations!: string[];
  @ApiProperty({ type: [String], description: 'those an admin recorded: only an admin removes them' }) conflictsRecordedByAdmin!: string[];
  @ApiProperty({ example: '2025-01-31T10:00:00.000Z' }) createdAt!: string;
  @ApiProperty({ description: 'a disabled account cannot sign in and holds no token' }) disabled!: boolean;
  @ApiProperty({ description: 'a temporary password was set: until it is changed (PUT /api/auth/password), nothing else opens' }) mustChangePassword!: boolean;
}

export class UserPageResponse extends PageResponse {
  @ApiProperty({ type: [UserResponse] }) items!: UserResponse[];
}

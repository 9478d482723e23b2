import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

export const MAXIMUM_PAGE_SIZE = 200;

/** The last page that may be asked for: its offset stays a small whole number on both engines. */
export const MAXIMUM_PAGE = 1_000_000;

/** `?page=1&pageSize=20`: pages count from 1. */
export class PageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAXIMUM_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAXIMUM_PAGE)
  page: number = 1;

  @ApiPropertyOptional({ minimum: 1, maximum: MAXIMUM_PAGE_SIZE, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAXIMUM_PAGE_SIZE)
  pageSize: number = 20;
}

/** One page of a list: `{ items, total, page, pageSize }`. */
export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export function pageOf<T>(items: T[], total: number, query: PageQuery): Page<T> {
  return { items, total, page: query.page, pageSize: query.pageSize };
}

/** Base of the page response classes in the OpenAPI document (items typed in each subclass). */
export class PageResponse {
  @ApiProperty({ example: 42 })
  total!: number;

  @ApiProperty({ example: 1 })
  page!: number;

  @ApiProperty({ example: 20 })
  pageSize!: number;
}

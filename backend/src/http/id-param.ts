import { Injectable, Param, type PipeTransform } from '@nestjs/common';
import { badRequest } from './validation.js';

/** The largest id: PostgreSQL's `integer`, which every id column is. */
export const MAXIMUM_ID = 2_147_483_647;

/** Turns a path parameter into a positive whole number no larger than MAXIMUM_ID, or answers 400 naming the parameter. */
@Injectable()
export class PositiveWholeNumberPipe implements PipeTransform<string, number> {
  constructor(private readonly name: string) {}

  transform(value: string): number {
    if (!/^[1-9][0-9]{0,9}$/.test(value) || Number(value) > MAXIMUM_ID) {
      throw badRequest([{ field: this.name, message: `${this.name} must be a positive whole number up to ${MAXIMUM_ID}` }]);
    }
    return Number(value);
  }
}

/** A path parameter that must be a positive whole number, e.g. `@IdParam('id') id: number`. */
export function IdParam(name: string): ParameterDecorator {
  return Param(name, new PositiveWholeNumberPipe(name));
}

import { DefaultNamingStrategy, type NamingStrategyInterface } from 'typeorm';

/** Column names in snake_case (`createdAt` -> `created_at`); tables and constraints are named in the entities. */
export class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  override columnName(propertyName: string, customName: string | undefined, embeddedPrefixes: string[]): string {
    const name = customName ?? snakeCase(propertyName);
    return embeddedPrefixes.length > 0 ? `${embeddedPrefixes.map(snakeCase).join('_')}_${name}` : name;
  }

  override joinColumnName(relationName: string, referencedColumnName: string): string {
    return snakeCase(`${relationName}_${referencedColumnName}`);
  }
}

export function snakeCase(text: string): string {
  return text.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
}

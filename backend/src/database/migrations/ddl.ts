/** Small DDL builders shared by the hand-written migrations of both engines. Never change their output: applied migrations depend on it. */

export function createTable(name: string, definitions: readonly string[]): string {
  return `CREATE TABLE "${name}" (${definitions.join(', ')})`;
}

export function createIndex(name: string, table: string, columns: readonly string[], unique = false): string {
  const quoted = columns.map((column) => `"${column}"`).join(', ');
  return `CREATE ${unique ? 'UNIQUE ' : ''}INDEX "${name}" ON "${table}" (${quoted})`;
}

export function foreignKey(name: string, column: string, table: string, onDelete: 'CASCADE' | 'NO ACTION' = 'NO ACTION'): string {
  return `CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "${table}" ("id") ON DELETE ${onDelete} ON UPDATE NO ACTION`;
}

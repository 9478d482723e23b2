/** The path every API route starts with: `/api/...`. */
export const API_PREFIX = 'api';

/** What a person may do in Concord; one person may hold several roles. */
export const roles = ['admin', 'researcher', 'designer', 'trainer', 'assessor', 'adjudicator'] as const;
export type Role = (typeof roles)[number];

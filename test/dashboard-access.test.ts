/**
 * The dashboard's one table of who may do what (`apiAccess` in frontend/src/lib/routes.ts) against
 * the roles the API's guards declare in docs/openapi.json (`x-roles`): a guard that changes
 * without the table, or the table without the guard, fails here.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UNBLINDED_ROLES } from '../backend/src/protocol/certification.js';
import { passwordIssue } from '../backend/src/modules/users/password-policy.js';
import { roles as apiRoles } from '../backend/src/modules/users/roles.js';
import { allRoles, generatePassword, UNBLINDED_ROLES as DASHBOARD_UNBLINDED_ROLES } from '../frontend/src/lib/accounts.js';
import { apiAccess, navigationFor, routeRoles, type Role } from '../frontend/src/lib/routes.js';

type Operation = { 'x-roles'?: string[]; security?: unknown[] };
const document = JSON.parse(readFileSync('docs/openapi.json', 'utf8')) as { paths: Record<string, Record<string, Operation>> };

function declaredRoles(operation: string): string[] {
  const [method, path] = operation.split(' ') as [string, string];
  const declared = document.paths[path]?.[method.toLowerCase()];
  if (!declared) throw new Error(`${operation} is not in docs/openapi.json`);
  return [...(declared['x-roles'] ?? [])].sort();
}

describe("the dashboard's access table", () => {
  it.each(Object.entries(apiAccess))('%s mirrors the roles of %j', (_ability, { operation, roles }) => {
    expect([...roles].sort()).toEqual(declaredRoles(operation));
  });

  it('offers no view to a role the API refuses on the queues: admins see neither the assessor’s nor the adjudicator’s screens', () => {
    for (const view of ['myAssignments', 'assignment', 'myCalibration', 'adjudications', 'adjudication'] as const) expect(routeRoles[view]).not.toContain('admin' satisfies Role);
    const admin = navigationFor(['admin']).map((item) => item.label);
    expect(admin).not.toContain('My assignments');
    expect(admin).not.toContain('Adjudications');
    expect(admin).toContain('Admin');
  });

  it('opens the password screen to every role (a person with a temporary password must reach it) and the account screens to admins only', () => {
    expect([...routeRoles.myPassword].sort()).toEqual([...apiRoles].sort());
    expect(routeRoles.adminUser).toEqual(['admin']);
    expect(routeRoles.adminUsers).toEqual(['admin']);
    expect(declaredRoles('GET /api/users/{id}')).toEqual(['admin']);
    expect(declaredRoles('PUT /api/users/{id}/conflicts')).toEqual(['admin']);
    for (const role of apiRoles) expect(navigationFor([role]).map((item) => item.label)).not.toContain('Change password');
  });

  it('knows the same roles as the API, and the same roles that bar an assessor from reading (separation of duties)', () => {
    expect([...allRoles]).toEqual([...apiRoles]);
    expect([...DASHBOARD_UNBLINDED_ROLES].sort()).toEqual([...UNBLINDED_ROLES].sort());
  });

  it('generates temporary passwords the API’s policy accepts', () => {
    for (let index = 0; index < 5; index++) expect(passwordIssue(generatePassword(), { email: 'new.person@example.org', name: 'New Person' })).toBeNull();
  });
});

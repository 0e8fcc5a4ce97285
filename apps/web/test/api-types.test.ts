/**
 * The UI's API types are generated from the server's OpenAPI document: the checked-in
 * apps/web/src/api-types.ts must be what the server's routes declare now.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, generateApiTypes } from '../scripts/api-types.mjs';

describe('generated API types', () => {
  it('match the server’s OpenAPI document', async () => {
    const fresh = await generateApiTypes();
    // Sanity: the document has the routes the UI reads.
    for (const route of ['/api/v1/auth/me', '/api/v1/tasks', '/api/v1/tasks/{id}', '/api/v1/accounts']) expect(fresh).toContain(`"${route}": {`);
    const checkedIn = readFileSync(API_TYPES_FILE, 'utf8');
    if (checkedIn !== fresh) {
      expect.fail(`${API_TYPES_FILE} is not what the server's routes declare: run npm run api-types -w @gatehouse/web (and commit the file)`);
    }
  });
});

/**
 * SCIM's kinds of bad request (RFC 7644 §3.12 `scimType`), as domain errors: the module says which
 * kind, the SCIM routes (`routes/scim.ts`) turn it into a SCIM error body with status 400.
 */
import { ConflictError, InvalidError } from '../../errors.js';

export type ScimType = 'invalidFilter' | 'tooMany' | 'uniqueness' | 'mutability' | 'invalidSyntax' | 'invalidPath' | 'noTarget' | 'invalidValue' | 'invalidVers' | 'sensitive';

export class ScimError extends InvalidError {
  override name = 'ScimError';
  constructor(
    message: string,
    readonly scimType: ScimType,
  ) {
    super(message, [], { scimType });
  }
}

/** A userName (or another unique value) already taken: 409 with scimType "uniqueness". */
export class ScimConflict extends ConflictError {
  override name = 'ScimConflict';
  constructor(message: string) {
    super(message, { scimType: 'uniqueness' });
  }
}

/** The official Okta Management API spec (../shared/specs/okta), prepared as the specs README says. */
import { OpenApiSpec } from '@gatehouse/sdk/testkit';
import type { ValidateFunction } from 'ajv';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SPEC = join(dirname(fileURLToPath(import.meta.url)), '../../../../shared/specs/okta/management-openapi.yaml');

let cached: OpenApiSpec | undefined;
const spec = () => (cached ??= new OpenApiSpec(SPEC, 'okta'));

export const specPath = (template: string) => spec().specPath(template);
export const specMethods = (template: string) => spec().methods(template);
export const responseValidator = (template: string, method: string, status: string): ValidateFunction => spec().responseValidator(template, method, status);
export const errorValidator = (): ValidateFunction => spec().schemaValidator('Error');

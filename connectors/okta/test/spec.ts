/** The official Okta Management API spec (GATEHOUSE_SPECS_DIR/okta), prepared as the specs README says. */
import { OpenApiSpec, vendorSpecs } from '@gatehouse/sdk/testkit';
import type { ValidateFunction } from 'ajv';

/** Absent on a clone without the specs: the tests that need it skip (CI requires it). */
export const oktaSpec = vendorSpecs('okta', ['management-openapi.yaml']);

let cached: OpenApiSpec | undefined;
const spec = () => (cached ??= new OpenApiSpec(oktaSpec.paths[0]!, 'okta'));

export const specPath = (template: string) => spec().specPath(template);
export const specMethods = (template: string) => spec().methods(template);
export const responseValidator = (template: string, method: string, status: string): ValidateFunction => spec().responseValidator(template, method, status);
export const errorValidator = (): ValidateFunction => spec().schemaValidator('Error');

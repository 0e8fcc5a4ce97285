/** Where the generated API types live (apps/web/src/api-types.ts). */
export const API_TYPES_FILE: string;
/** The server's OpenAPI document, from a server started (on port 0, a temporary data dir) only to build it. */
export function serverOpenApi(): Promise<Record<string, unknown>>;
/** The text api-types.ts must have for the server as it is now. */
export function generateApiTypes(): Promise<string>;

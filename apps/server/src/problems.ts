/** RFC 9457 problem details: every error the API returns has this shape. */
export class Problem extends Error {
  constructor(
    readonly status: number,
    readonly title: string,
    readonly detail?: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(detail ?? title);
  }
}

export const notFound = (what: string, id: string) => new Problem(404, 'Not Found', `no ${what} with id ${id}`);
export const forbidden = (detail = 'your role does not allow this') => new Problem(403, 'Forbidden', detail);
export const unauthorized = () => new Problem(401, 'Unauthorized', 'sign in, or send Authorization: Bearer <api token>');
export const badRequest = (detail: string, errors?: { field: string; message: string }[]) => new Problem(400, 'Bad Request', detail, errors ? { errors } : {});
export const conflict = (detail: string) => new Problem(409, 'Conflict', detail);

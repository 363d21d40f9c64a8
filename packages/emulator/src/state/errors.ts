/**
 * A refusal by the emulator's domain logic. `code` is the ESS error code (e.g.
 * `OperationDenied.FlowHasTerminated`), so the API returns it verbatim in `Response.Error`;
 * the control API maps `httpStatus` to its 4xx answer.
 */
export class EmulatorError extends Error {
  override readonly name = 'EmulatorError';
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: 400 | 403 | 404 | 409 | 413 | 422 = 400,
    /** The request field a schema error is about (`Approvers[0].ApproverType`), when there is one. */
    readonly field?: string,
  ) {
    super(message);
  }
}

/** Shorthand for "this id does not exist". */
export function notFound(code: string, what: string, id: string): EmulatorError {
  return new EmulatorError(code, `${what} ${JSON.stringify(id)} does not exist (资源不存在或无权限).`, 404);
}

import { ResponseError } from '@backstage/errors';

/**
 * A failure of a rollouts request, told in words a developer can act on.
 *
 * @public
 */
export interface RolloutsErrorDescription {
  /** A one-line summary, e.g. "You are not allowed to restart inventory-service". */
  title: string;
  /** The server's own explanation, when it sent one. */
  detail?: string;
  /** The HTTP status, when the server answered at all. */
  statusCode?: number;
}

/**
 * Turns an error thrown by {@link RolloutsClient} into a message for the user.
 *
 * @param error - what the client threw
 * @param doing - what the user tried, e.g. "restart inventory-service" or "load rollouts"
 * @public
 */
export function describeRolloutsError(
  error: unknown,
  doing: string,
): RolloutsErrorDescription {
  if (ResponseError.is(error)) {
    const detail = error.cause?.message || error.body?.error?.message;
    const statusCode = error.statusCode;
    switch (statusCode) {
      case 401:
        return {
          title: `You are not signed in, so you cannot ${doing}. Sign in again and retry.`,
          detail,
          statusCode,
        };
      case 403:
        return {
          title: `You are not allowed to ${doing}. Only the owning team and platform-team may do this.`,
          detail,
          statusCode,
        };
      case 404:
        return { title: `Could not ${doing}: not found.`, detail, statusCode };
      case 409:
        return {
          title: `Could not ${doing}: it conflicts with the current state.`,
          detail,
          statusCode,
        };
      case 400:
        return {
          title: `Could not ${doing}: the request was refused.`,
          detail,
          statusCode,
        };
      case 502:
      case 503:
      case 504:
        return {
          title: `Could not ${doing}: the cluster or the rollouts backend is unreachable.`,
          detail,
          statusCode,
        };
      default:
        return {
          title: `Could not ${doing} (HTTP ${statusCode}).`,
          detail,
          statusCode,
        };
    }
  }
  const message =
    typeof (error as { message?: unknown })?.message === 'string'
      ? (error as { message: string }).message
      : String(error);
  return {
    title: `Could not ${doing}: the rollouts backend did not answer.`,
    detail: message,
  };
}

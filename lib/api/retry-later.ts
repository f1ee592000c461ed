import { AppError, type ErrorCode, type FieldErrors } from "@/lib/errors";

/** An API error the caller may retry after a while: answered with a Retry-After header. */
export class RetryLater extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly retryAfterSeconds: number,
    fieldErrors?: FieldErrors,
  ) {
    super(code, message, fieldErrors);
    this.name = "RetryLater";
  }
}

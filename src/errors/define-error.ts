/** What every coded error declares once, in the catalog. */
interface ErrorDefinition<P> {
  /** Stable code, `MSI_<AREA>_<WHAT>`; never reused for another meaning. */
  code: string;
  /** Status the HTTP edge answers with when this error reaches it. */
  httpStatus: number;
  /** Whether repeating the same work later can succeed. */
  retryable: boolean;
  /** One line for `docs/errors.md`. */
  description: string;
  /** Builds the message from the error's parameters; must never include a secret. */
  message: (params: P) => string;
}

/** The one error class of ms-inbox: coded, classified, carrying its parameters. */
export class AppError<P = unknown> extends Error {
  readonly code: string;
  readonly httpStatus: number;
  readonly retryable: boolean;
  readonly params: P;

  constructor(definition: ErrorDefinition<P>, params: P, options?: { cause?: unknown }) {
    super(definition.message(params), options);
    this.name = 'AppError';
    this.code = definition.code;
    this.httpStatus = definition.httpStatus;
    this.retryable = definition.retryable;
    this.params = params;
  }
}

/** A defined error: call `create` to make one, `is` to recognise one. */
interface ErrorKind<P> extends ErrorDefinition<P> {
  create(
    ...args: P extends void
      ? [params?: P, options?: { cause?: unknown }]
      : [params: P, options?: { cause?: unknown }]
  ): AppError<P>;
  is(error: unknown): error is AppError<P>;
}

const definedCodes = new Map<string, ErrorDefinition<never>>();

/** Declares a coded error; codes are unique across the process. */
export function defineError<P = void>(definition: ErrorDefinition<P>): ErrorKind<P> {
  if (!/^MSI_[A-Z0-9]+(_[A-Z0-9]+)+$/.test(definition.code)) {
    throw new Error(`error code ${definition.code} does not follow MSI_<AREA>_<WHAT>`);
  }
  if (definedCodes.has(definition.code)) throw new Error(`error code ${definition.code} is defined twice`);
  definedCodes.set(definition.code, definition as ErrorDefinition<never>);
  return Object.freeze({
    ...definition,
    create: (params?: P, options?: { cause?: unknown }) => new AppError(definition, params as P, options),
    is: (error: unknown): error is AppError<P> => error instanceof AppError && error.code === definition.code,
  }) as ErrorKind<P>;
}

/** Every error defined so far, in definition order. */
export function listDefinedErrors(): ReadonlyArray<ErrorDefinition<never>> {
  return [...definedCodes.values()];
}

/** True when `error` is one of ours. */
export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

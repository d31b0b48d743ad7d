import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import {
  HttpBadRequest,
  HttpRouteNotFound,
  InternalError,
  ValidationFailed,
  isAppError,
} from '../errors/index.js';
import type { AppError } from '../errors/index.js';

/** Body of every error answer: a stable code, a safe message and the request id to quote to support. */
interface ErrorBody {
  error: { code: string; message: string; requestId: string };
}

function toAppError(error: FastifyError): AppError {
  if (isAppError(error)) return error;
  if (error.validation) {
    const problems = error.validation.map((v) => {
      const where = `${error.validationContext ?? 'body'}${v.instancePath.replaceAll('/', '.')}`;
      return `${where}: ${v.message ?? 'is invalid'}`;
    });
    return ValidationFailed.create({ problems });
  }
  // Fastify's own client errors (FST_ERR_*) carry framework text that is safe to show; anything else is not.
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500 && error.code?.startsWith('FST_')) {
    const bad = HttpBadRequest.create({ reason: error.message });
    return Object.assign(bad, { httpStatus: status });
  }
  return InternalError.create(undefined, { cause: error });
}

/** Installs our error and not-found handlers: an unknown error's message never reaches the client. */
export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const appError = toAppError(error);
    if (appError.httpStatus >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: appError.code }, 'request rejected');
    const body: ErrorBody = {
      error: { code: appError.code, message: appError.message, requestId: request.id },
    };
    void reply.status(appError.httpStatus).send(body);
  });
  app.setNotFoundHandler((request, reply) => {
    const appError = HttpRouteNotFound.create({
      method: request.method,
      url: request.url.split('?')[0] ?? '',
    });
    const body: ErrorBody = {
      error: { code: appError.code, message: appError.message, requestId: request.id },
    };
    void reply.status(404).send(body);
  });
}

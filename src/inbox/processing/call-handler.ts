import { HandlerTimedOut } from '../../errors/index.js';
import type { HandlerCall, HandlerDecision, MailHandler } from '../../handlers/index.js';

/** Runs a handler with a time limit; its signal is aborted when the time is up. */
export async function callHandlerWithTimeout(
  handler: MailHandler,
  call: Omit<HandlerCall, 'signal'>,
  target: string,
  timeoutMs: number,
): Promise<HandlerDecision> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(HandlerTimedOut.create({ target, timeoutMs }));
    }, timeoutMs);
  });
  try {
    return await Promise.race([handler({ ...call, signal: controller.signal }), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

import { createTransport } from 'nodemailer';
import { AutoReplySmtpRejected, AutoReplySmtpUnavailable } from '../../errors/index.js';
import type { GraphClient } from '../../graph/index.js';

/** One auto-reply on its way: the envelope and the whole message as MIME (CRLF). */
export interface OutgoingReply {
  from: string;
  to: string;
  mime: string;
}

/** Sends an auto-reply; throws a coded error (retryable or not) when it cannot. */
export interface AutoReplyTransport {
  send(reply: OutgoingReply): Promise<void>;
}

/** Graph `sendMail` with MIME from the from address's mailbox, which keeps a copy in its Sent Items (needs Mail.Send). */
export function createGraphTransport(graph: Pick<GraphClient, 'messages'>): AutoReplyTransport {
  // Graph's own errors are already coded (throttling and 5xx retryable, 403 not) where they enter, in graph/.
  return { send: (reply) => graph.messages.sendMime(reply.from, reply.mime) };
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  message?: string;
}

/** A nodemailer failure as our coded error: 5xx answers and failed authentication are final, the rest retried. */
export function mapSmtpError(error: unknown): Error {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const reason = (e.message ?? String(error)).slice(0, 500);
  const responseCode = typeof e.responseCode === 'number' ? e.responseCode : null;
  const final = (responseCode !== null && responseCode >= 500) || e.code === 'EAUTH' || e.code === 'ENOAUTH';
  return final
    ? AutoReplySmtpRejected.create({ responseCode, reason }, { cause: error })
    : AutoReplySmtpUnavailable.create({ reason }, { cause: error });
}

/** SMTP through nodemailer, one connection per reply (auto-replies are few); the MIME is sent as built. */
export function createSmtpTransport(
  smtpUrl: string,
  options: { timeoutMs?: number } = {},
): AutoReplyTransport {
  return {
    async send(reply) {
      const timeoutMs = options.timeoutMs ?? 30_000;
      const transporter = createTransport({
        url: smtpUrl,
        connectionTimeout: timeoutMs,
        greetingTimeout: timeoutMs,
        socketTimeout: timeoutMs,
      });
      try {
        await transporter.sendMail({ envelope: { from: reply.from, to: [reply.to] }, raw: reply.mime });
      } catch (error) {
        throw mapSmtpError(error);
      } finally {
        transporter.close();
      }
    },
  };
}

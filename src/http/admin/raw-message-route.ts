import type { FastifyInstance } from 'fastify';
import type { Inbox } from '../../inbox/index.js';

/** A file name made from a subject: letters, digits and a few marks, never a path or a header break. */
const fileNameOf = (subject: string | null, id: string) =>
  `${
    (subject ?? '')
      .replace(/[^\p{L}\p{N} ._-]+/gu, '_')
      .trim()
      .slice(0, 80) || id
  }.eml`;

/** `GET /api/messages/:id/raw`: the mail as MIME (RFC 822), streamed from Graph, as a `.eml` download. */
export function registerRawMessageRoute(app: FastifyInstance, inbox: Inbox): void {
  app.get(
    '/api/messages/:id/raw',
    {
      schema: {
        summary:
          'Download the mail as .eml (MIME streamed from Graph; the mail must still be in the mailbox)',
        params: { type: 'object', required: ['id'], properties: { id: { type: 'string', maxLength: 100 } } },
      },
    },
    async (request, reply) => {
      // The composition lives here until the message service offers a raw stream of its own.
      const message = await inbox.messages.get((request.params as { id: string }).id);
      const resource = await inbox.resources.get(message.resourceId);
      const stream = await inbox.deps
        .graphFor(resource.clientName)
        .messages.streamMime(resource.email, message.graphMessageId);
      const name = fileNameOf(message.subject, message.id);
      return reply
        .type('message/rfc822')
        .header(
          'content-disposition',
          `attachment; filename="${name.replace(/"/g, '')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
        )
        .header('x-content-type-options', 'nosniff')
        .send(stream);
    },
  );
}

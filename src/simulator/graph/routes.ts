import { attachmentRoutes } from './attachments-routes.js';
import { batchRoutes } from './batch.js';
import type { GraphRoute } from './context.js';
import { deltaRoutes } from './delta.js';
import { folderRoutes } from './folders-routes.js';
import { messageRoutes } from './messages-routes.js';
import { sendMailRoutes } from './send-mail.js';
import { subscriptionRoutes } from './subscriptions-routes.js';

/** Every Graph v1.0 operation the simulator serves. */
export const graphRoutes: readonly GraphRoute[] = [
  ...messageRoutes,
  ...attachmentRoutes,
  ...folderRoutes,
  ...deltaRoutes,
  ...batchRoutes,
  ...sendMailRoutes,
  ...subscriptionRoutes,
];

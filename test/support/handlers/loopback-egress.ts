import { createEgressGuard } from '../../../src/egress/index.js';

/** An egress guard that lets tests call receivers on this machine (as `server.egress_allow: [127.0.0.1, ::1]`). */
export const loopbackEgress = createEgressGuard({ allowPrivate: false, allow: ['127.0.0.0/8', '::1'] });

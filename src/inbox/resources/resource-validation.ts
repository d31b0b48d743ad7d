import type { DisposalMode } from '../../store/index.js';

/** The fields of a resource an admin sets. */
export interface ResourceInput {
  clientName: string;
  email: string;
  webhookTarget: string;
  recoveryTarget?: string | null;
  inactive?: boolean;
  disposal?: { mode: DisposalMode; folder?: string | null; category?: string | null };
  failedCategory?: string | null;
}

const emailPattern =
  /^[^\s@<>()",;:]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const disposalModes: DisposalMode[] = ['soft-delete', 'delete', 'move', 'categorise'];

/** True for an endpoint path (`/inbox/`) or an https URL (http only on loopback, for development). */
function isTargetShaped(target: string): boolean {
  if (/^\/[\w\-./]*$/.test(target)) return true;
  try {
    const url = new URL(target);
    if (url.protocol === 'https:') return true;
    return url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  } catch {
    return false;
  }
}

/** Lists what is wrong with a resource's fields (empty when valid), each naming the field. */
export function validateResourceFields(
  input: Partial<ResourceInput>,
  context: { clientNames: string[]; targetExists: (target: string) => boolean },
): string[] {
  const problems: string[] = [];
  if (input.clientName !== undefined && !context.clientNames.includes(input.clientName)) {
    problems.push(
      `clientName: no client "${input.clientName}" is configured${context.clientNames.length ? ` (configured: ${context.clientNames.join(', ')})` : ' (application_config.yaml has no clients)'}`,
    );
  }
  if (input.email !== undefined && !emailPattern.test(input.email)) {
    problems.push(`email: "${input.email}" is not a mail address`);
  }
  for (const [field, target] of [
    ['webhookTarget', input.webhookTarget],
    ['recoveryTarget', input.recoveryTarget],
  ] as const) {
    if (target === undefined || target === null) continue;
    if (!isTargetShaped(target)) {
      problems.push(`${field}: "${target}" must be an endpoint path such as /inbox/ or an https:// URL`);
    } else if (target.startsWith('/') && !context.targetExists(target)) {
      problems.push(`${field}: no handler endpoint answers ${target}`);
    } else if (!target.startsWith('/') && !context.targetExists(target)) {
      problems.push(
        `${field}: external handlers need server.handler_secret (MS_INBOX_HANDLER_SECRET) to sign their calls`,
      );
    }
  }
  if (input.disposal) {
    const { mode, folder, category } = input.disposal;
    if (!disposalModes.includes(mode))
      problems.push(`disposal.mode: must be one of ${disposalModes.join(', ')}`);
    if (mode === 'move' && !folder) problems.push('disposal.folder: required when disposal.mode is move');
    if (mode === 'categorise' && !category)
      problems.push('disposal.category: required when disposal.mode is categorise');
  }
  return problems;
}

import type { AssigneeInput } from './ticket-actions.js';

/** The ids of the users and groups a page of tickets is assigned to. */
interface AssigneeIds {
  userIds: readonly string[];
  groupIds: readonly string[];
}

/** Names by id; an id that is not there has no user or group any more. */
export interface AssigneeNames {
  users: ReadonlyMap<string, string>;
  groups: ReadonlyMap<string, string>;
}

/**
 * Who tickets can be assigned to: the users and groups of the admin UI, which the HTTP edge owns
 * (`http/auth`) and the composition root hands to the helpdesk.
 */
export interface AssigneeDirectory {
  /**
   * The name of an enabled user (display name, else username) or of a group; null when the user is unknown
   * or disabled, or the group is unknown.
   */
  describe(assignee: NonNullable<AssigneeInput>): Promise<string | null>;
  /** The names of these users (display name, else username; disabled ones too) and groups. */
  namesOf(ids: AssigneeIds): Promise<AssigneeNames>;
}

/** The directory of a helpdesk without users and groups: no names, every assignment refused. */
export const noAssignees: AssigneeDirectory = {
  describe: async () => null,
  namesOf: async () => ({ users: new Map(), groups: new Map() }),
};

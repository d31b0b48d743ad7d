import { LitElement, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { GroupInfo, UserInfo } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';
import './tokens-panel.js';

const u = (name: string) => encodeURIComponent(name);

/** Users and groups (admins only): add and change users, groups and members, who sees the status summary. */
export class AccessPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    users: { state: true },
    groups: { state: true },
    statusGroups: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare users: UserInfo[];
  declare groups: GroupInfo[];
  declare statusGroups: string[];
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.users = [];
    this.groups = [];
    this.statusGroups = [];
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      [this.users, this.groups, { groups: this.statusGroups }] = await Promise.all([
        this.api.get<UserInfo[]>('/api/users'),
        this.api.get<GroupInfo[]>('/api/groups'),
        this.api.get<{ groups: string[] }>('/api/settings/status-groups'),
      ]);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  /** Runs a change, reports it, reloads; a form is reset when the change succeeded. */
  private async change(action: () => Promise<unknown>, done: string, form?: HTMLFormElement) {
    this.error = null;
    try {
      await action();
      this.notice = done;
      form?.reset();
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private addUser(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const d = new FormData(form);
    const username = String(d.get('username'));
    void this.change(
      () =>
        this.api.send('POST', '/api/users', {
          username,
          displayName: String(d.get('displayName') ?? '') || null,
          role: String(d.get('role')),
          password: String(d.get('password')),
        }),
      `User ${username} added.`,
      form,
    );
  }

  private addGroup(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const name = String(new FormData(form).get('name'));
    void this.change(() => this.api.send('POST', '/api/groups', { name }), `Group ${name} added.`, form);
  }

  private addMember(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const d = new FormData(form);
    const [group, user] = [String(d.get('group')), String(d.get('user'))];
    void this.change(
      () => this.api.send('PUT', `/api/groups/${u(group)}/members/${u(user)}`),
      `${user} joined ${group}.`,
    );
  }

  private saveStatusGroups(event: SubmitEvent) {
    event.preventDefault();
    const groups = new FormData(event.target as HTMLFormElement).getAll('statusGroup').map(String);
    void this.change(
      () => this.api.send('PUT', '/api/settings/status-groups', { groups }),
      'Status summary access saved.',
    );
  }

  private setPassword(user: UserInfo) {
    const password = prompt(`New password for ${user.username} (at least 10 characters)`);
    if (password)
      void this.change(
        () => this.api.send('PUT', `/api/users/${u(user.username)}/password`, { password }),
        `Password of ${user.username} set.`,
      );
  }

  private renderUsers() {
    return html`<table aria-label="Users">
        <thead>
          <tr>
            <th scope="col">User</th>
            <th scope="col">Role</th>
            <th scope="col">Groups</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.users.map(
            (user) =>
              html`<tr>
                <th scope="row">
                  ${user.username}${user.displayName ? html`<br /><span class="muted">${user.displayName}</span>` : nothing}${user.disabled ? html` <span class="badge">disabled</span>` : nothing}
                </th>
                <td>
                  <select
                    aria-label="Role of ${user.username}"
                    @change=${(e: Event) => this.change(() => this.api.send('PATCH', `/api/users/${u(user.username)}`, { role: (e.target as HTMLSelectElement).value }), `Role of ${user.username} changed.`)}
                  >
                    ${['admin', 'agent', 'viewer'].map((r) => html`<option ?selected=${r === user.role}>${r}</option>`)}
                  </select>
                </td>
                <td>${user.groups.join(', ') || html`<span class="muted">none</span>`}</td>
                <td>
                  <button
                    @click=${() => this.setPassword(user)}
                    aria-label="Set password of ${user.username}"
                  >
                    Set password
                  </button>
                  <button
                    @click=${() => this.change(() => this.api.send('PATCH', `/api/users/${u(user.username)}`, { disabled: !user.disabled }), `${user.username} ${user.disabled ? 'enabled' : 'disabled'}.`)}
                    aria-label="${user.disabled ? 'Enable' : 'Disable'} ${user.username}"
                  >
                    ${user.disabled ? 'Enable' : 'Disable'}
                  </button>
                  <button
                    class="danger"
                    @click=${() => confirm(`Remove ${user.username}?`) && this.change(() => this.api.send('DELETE', `/api/users/${u(user.username)}`), `${user.username} removed.`)}
                    aria-label="Remove ${user.username}"
                  >
                    Remove
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form class="row" @submit=${this.addUser} aria-label="Add a user">
        <div>
          <label for="new-username">User name</label
          ><input id="new-username" name="username" required autocomplete="off" />
        </div>
        <div>
          <label for="new-display">Display name</label
          ><input id="new-display" name="displayName" autocomplete="off" />
        </div>
        <div>
          <label for="new-role">Role</label
          ><select id="new-role" name="role">
            <option>viewer</option>
            <option>agent</option>
            <option>admin</option>
          </select>
        </div>
        <div>
          <label for="new-password">Password</label
          ><input
            id="new-password"
            name="password"
            type="password"
            required
            minlength="10"
            autocomplete="new-password"
          />
        </div>
        <button type="submit">Add user</button>
      </form>`;
  }

  private renderGroups() {
    return html`<table aria-label="Groups">
        <thead>
          <tr>
            <th scope="col">Group</th>
            <th scope="col">Members</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.groups.map(
            (g) =>
              html`<tr>
                <th scope="row">${g.name}</th>
                <td>
                  ${
                    g.members.length
                      ? g.members.map(
                          (m) =>
                            html`<span
                              >${m}
                              <button
                                @click=${() => this.change(() => this.api.send('DELETE', `/api/groups/${u(g.name)}/members/${u(m)}`), `${m} left ${g.name}.`)}
                                aria-label="Remove ${m} from ${g.name}"
                              >
                                ×
                              </button></span
                            > `,
                        )
                      : html`<span class="muted">no members</span>`
                  }
                </td>
                <td>
                  <button
                    class="danger"
                    @click=${() => this.change(() => this.api.send('DELETE', `/api/groups/${u(g.name)}`), `Group ${g.name} removed.`)}
                    aria-label="Remove group ${g.name}"
                  >
                    Remove
                  </button>
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form class="row" @submit=${this.addGroup} aria-label="Add a group">
        <div>
          <label for="new-group">Group name</label
          ><input id="new-group" name="name" required autocomplete="off" />
        </div>
        <button type="submit">Add group</button>
      </form>
      <form class="row" @submit=${this.addMember} aria-label="Add a member">
        <div>
          <label for="member-user">User</label
          ><select id="member-user" name="user">
            ${this.users.map((x) => html`<option>${x.username}</option>`)}
          </select>
        </div>
        <div>
          <label for="member-group">Group</label
          ><select id="member-group" name="group">
            ${this.groups.map((g) => html`<option>${g.name}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.groups.length === 0}>Add to group</button>
      </form>
      <form class="card" @submit=${this.saveStatusGroups} aria-labelledby="status-title">
        <h3 id="status-title">Status summary</h3>
        <p class="muted">
          Admins always see the inbox status card; members of the groups chosen here see it too.
        </p>
        ${this.groups.length === 0 ? html`<p class="muted">Add a group first.</p>` : nothing}
        ${this.groups.map(
          (g) =>
            html`<label class="inline"
              ><input
                type="checkbox"
                name="statusGroup"
                value=${g.name}
                .checked=${this.statusGroups.includes(g.name)}
              />
              ${g.name}</label
            >`,
        )}
        <div class="row"><button type="submit">Save status access</button></div>
      </form>`;
  }

  protected override render() {
    return html`<h2>Users and groups</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      <h3>Users</h3>
      ${this.renderUsers()}
      <h3>Groups</h3>
      ${this.renderGroups()}
      <msi-tokens-panel .api=${this.api}></msi-tokens-panel>`;
  }
}

customElements.define('msi-access-page', AccessPage);

import { LitElement, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { TokenInfo } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

/** API tokens: create (the token is shown once), list, revoke. */
export class TokensPanel extends LitElement {
  static override properties = {
    api: { attribute: false },
    tokens: { state: true },
    created: { state: true },
    error: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare tokens: TokenInfo[];
  declare created: { name: string; token: string } | null;
  declare error: string | null;

  constructor() {
    super();
    this.tokens = [];
    this.created = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.tokens = await this.api.get<TokenInfo[]>('/api/tokens');
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async create(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const d = new FormData(form);
    try {
      const answer = await this.api.send<TokenInfo & { token: string }>('POST', '/api/tokens', {
        name: String(d.get('name')),
        role: String(d.get('role')),
      });
      this.created = { name: answer.name, token: answer.token };
      form.reset();
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async revoke(token: TokenInfo) {
    try {
      await this.api.send('DELETE', `/api/tokens/${encodeURIComponent(token.id)}`);
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  protected override render() {
    return html`<h3>API tokens</h3>
      <p class="muted">
        For automation: send <code>Authorization: Bearer &lt;token&gt;</code>. MS_INBOX_ADMIN_TOKEN, when set,
        is one more admin token.
      </p>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        this.created
          ? html`<div class="note" role="status">
              Token <strong>${this.created.name}</strong> — copy it now, it is not shown again:
              <output aria-label="New API token"><code>${this.created.token}</code></output>
            </div>`
          : nothing
      }
      <table aria-label="API tokens">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Role</th>
            <th scope="col">Created</th>
            <th scope="col">Last used</th>
            <th scope="col"><span class="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          ${this.tokens.map(
            (t) =>
              html`<tr>
                <th scope="row">${t.name}</th>
                <td>${t.role}</td>
                <td>${formatTime(t.createdAt)}${t.createdBy ? ` by ${t.createdBy}` : ''}</td>
                <td>${formatTime(t.lastUsedAt)}</td>
                <td>
                  ${t.revokedAt ? html`<span class="badge">revoked</span>` : html`<button class="danger" @click=${() => this.revoke(t)} aria-label="Revoke token ${t.name}">Revoke</button>`}
                </td>
              </tr>`,
          )}
        </tbody>
      </table>
      <form class="row" @submit=${this.create} aria-label="Create an API token">
        <div>
          <label for="token-name">Token name</label
          ><input id="token-name" name="name" required autocomplete="off" />
        </div>
        <div>
          <label for="token-role">Role</label
          ><select id="token-role" name="role">
            <option>viewer</option>
            <option>agent</option>
            <option>admin</option>
          </select>
        </div>
        <button type="submit">Create token</button>
      </form>`;
  }
}

customElements.define('msi-tokens-panel', TokensPanel);

import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { ClientInfo, ClientValidation, CredentialExpiry } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

const countdown = (expiry: CredentialExpiry | null) => {
  if (!expiry) return html`<span class="muted">no expiry known</span>`;
  const text =
    expiry.level === 'expired' ? 'expired' : `${expiry.daysLeft} day${expiry.daysLeft === 1 ? '' : 's'} left`;
  return html`<span class="badge ${expiry.level}">${text}</span>
    <span class="muted">${expiry.message}</span>`;
};

/** Clients: the configured Azure apps, their secret or certificate expiry countdown, and the seed's Validate button. */
export class ClientsPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    clients: { state: true },
    validations: { state: true },
    busy: { state: true },
    error: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      .checks li {
        margin: 0.35rem 0;
      }
      .hint {
        display: block;
        color: #5b6475;
        font-size: 0.9rem;
      }
    `,
  ];

  declare api: ApiClient;
  declare admin: boolean;
  declare clients: ClientInfo[] | null;
  declare validations: Record<string, ClientValidation>;
  declare busy: string | null;
  declare error: string | null;

  constructor() {
    super();
    this.admin = false;
    this.clients = null;
    this.validations = {};
    this.busy = null;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.api
      .get<ClientInfo[]>('/api/clients')
      .then((clients) => (this.clients = clients))
      .catch((error: unknown) => (this.error = messageOf(error)));
  }

  private async validate(name: string) {
    this.busy = name;
    this.error = null;
    try {
      const result = await this.api.send<ClientValidation>(
        'POST',
        `/api/clients/${encodeURIComponent(name)}/validate`,
      );
      this.validations = { ...this.validations, [name]: result };
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = null;
    }
  }

  private renderValidation(validation: ClientValidation | undefined) {
    if (!validation) return nothing;
    return html`<div class="card" role="status" aria-label="Validation of ${validation.client}">
      <strong>${validation.ok ? 'Validation passed' : 'Validation found problems'}</strong>
      <ul class="checks">
        ${validation.checks.map(
          (check) =>
            html`<li>
              <span class="badge ${check.severity}"
                >${check.ok ? (check.severity === 'warning' ? 'warning' : 'ok') : 'failed'}</span
              >
              <strong>${check.name}</strong>: ${check.message}
              ${check.hint ? html`<span class="hint">Hint: ${check.hint}</span>` : nothing}
            </li>`,
        )}
      </ul>
    </div>`;
  }

  protected override render() {
    return html`<h2>Clients</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        this.clients === null
          ? html`<p role="status">Loading…</p>`
          : this.clients.length === 0
            ? html`<p class="note">No client is configured: add one to application_config.yaml.</p>`
            : html`<table>
                  <thead>
                    <tr>
                      <th scope="col">Client</th>
                      <th scope="col">Tenant / app</th>
                      <th scope="col">Credential</th>
                      <th scope="col">Credential expiry</th>
                      <th scope="col">Resources</th>
                      <th scope="col"><span class="sr-only">Actions</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.clients.map(
                      (c) =>
                        html`<tr>
                          <th scope="row">${c.name}</th>
                          <td><span class="muted">${c.tenantId}</span><br />${c.clientId}</td>
                          <td>${c.credential}</td>
                          <td>${countdown(c.certificateExpiry ?? c.secretExpiry)}</td>
                          <td>
                            <a href="#/resources?client=${encodeURIComponent(c.name)}"
                              >${c.resources} resources</a
                            >
                          </td>
                          <td>
                            <button
                              @click=${() => this.validate(c.name)}
                              ?disabled=${this.busy !== null || !this.admin}
                              aria-label="Validate ${c.name}"
                            >
                              ${this.busy === c.name ? 'Validating…' : 'Validate'}
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                ${this.clients.map((c) => this.renderValidation(this.validations[c.name]))}`
      }`;
  }
}

customElements.define('msi-clients-page', ClientsPage);

import { LitElement, html, nothing } from 'lit';
import { queryOf, type ApiClient } from '../api-client.js';
import type { AuditEntry, AuditPage } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

const targetOf = (entry: AuditEntry) =>
  entry.target
    ? Object.entries(entry.target)
        .map(([k, v]) => `${k}=${v}`)
        .join(', ')
    : '';

/** Audit log: who changed what, when and from where (admins only); filter by actor and action. */
export class AuditLogPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    page: { state: true },
    actor: { state: true },
    action: { state: true },
    error: { state: true },
  };
  static override styles = [baseStyles];

  declare api: ApiClient;
  declare page: AuditPage | null;
  declare actor: string;
  declare action: string;
  declare error: string | null;
  private pageNumber = 1;

  constructor() {
    super();
    this.page = null;
    this.actor = '';
    this.action = '';
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    this.error = null;
    try {
      this.page = await this.api.get<AuditPage>(
        `/api/audit${queryOf({ actor: this.actor || null, action: this.action || null, page: this.pageNumber, pageSize: 50 })}`,
      );
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private filter(event: Event) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    this.actor = String(form.get('actor') ?? '').trim();
    this.action = String(form.get('action') ?? '').trim();
    this.pageNumber = 1;
    void this.load();
  }

  private go(delta: number) {
    this.pageNumber += delta;
    void this.load();
  }

  protected override render() {
    const page = this.page;
    return html`<h2>Audit log</h2>
      <p class="note">
        Every change made through the admin API and UI, sign-ins included. Values sent are never kept, only
        the names of the fields.
      </p>
      <form class="filters" @submit=${(e: Event) => this.filter(e)}>
        <label>Who <input name="actor" .value=${this.actor} placeholder="user or token name" /></label>
        <label>What <input name="action" .value=${this.action} placeholder="e.g. /api/resources" /></label>
        <button type="submit">Filter</button>
      </form>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${
        page === null
          ? html`<p role="status">Loading…</p>`
          : page.items.length === 0
            ? html`<p class="note">No entries.</p>`
            : html`<table aria-label="Audit log">
                  <thead>
                    <tr>
                      <th scope="col">When</th>
                      <th scope="col">Who</th>
                      <th scope="col">What</th>
                      <th scope="col">Target</th>
                      <th scope="col">Fields</th>
                      <th scope="col">Result</th>
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${page.items.map(
                      (e) =>
                        html`<tr>
                          <td>${formatTime(e.at)}</td>
                          <td>${e.actor.name ?? '—'} <span class="muted">(${e.actor.kind})</span></td>
                          <td><code>${e.action}</code></td>
                          <td>${targetOf(e)}</td>
                          <td>${(e.fields ?? []).join(', ')}</td>
                          <td><span class="badge ${e.status < 400 ? 'ok' : 'failed'}">${e.status}</span></td>
                          <td>${e.ip ?? ''}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                <p>
                  <button ?disabled=${page.page <= 1} @click=${() => this.go(-1)}>Newer</button>
                  <span class="muted">page ${page.page}, ${page.total} entries</span>
                  <button ?disabled=${!page.hasMore} @click=${() => this.go(1)}>Older</button>
                </p>`
      }`;
  }
}

customElements.define('msi-audit-page', AuditLogPage);

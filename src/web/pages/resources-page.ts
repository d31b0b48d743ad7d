import { LitElement, html, nothing } from 'lit';
import { queryOf, type ApiClient } from '../api-client.js';
import type { ClientInfo, ResourceInfo, SyncRun } from '../api-types.js';
import { formatAge, formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';
import './resource-form.js';

const statuses = ['unprocessed', 'processing', 'processed', 'skipped', 'failed', 'gone'] as const;

/** Resources of one client: state, last notification, counts; Add / Edit; Sync & Save and its history. */
/** The figures behind a Degraded state: recent misses and failed disposals, with Graph's last error. */
const healthNotes = (r: ResourceInfo) =>
  html`${
    r.missedRecently.count > 0
      ? html`<br /><span class="missed"
            >${r.missedRecently.count} missed by notifications in 24 h, last
            <span title=${formatTime(r.missedRecently.lastAt)}
              >${formatAge(r.missedRecently.lastAt)}</span
            ></span
          >`
      : nothing
  }${
    r.disposalFailures.count > 0
      ? html`<br /><span class="disposal-failures"
            >${r.disposalFailures.count} not removed from the Inbox:
            ${r.disposalFailures.lastErrorCode}${r.disposalFailures.hint ? ` — ${r.disposalFailures.hint}` : ''}</span
          >`
      : nothing
  }`;

export class ResourcesPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    client: { type: String },
    clients: { state: true },
    resources: { state: true },
    history: { state: true },
    editing: { state: true },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare admin: boolean;
  declare client: string | null;
  declare clients: ClientInfo[];
  declare resources: ResourceInfo[] | null;
  declare history: SyncRun[];
  /** 'new', a resource being edited, or null. */
  declare editing: ResourceInfo | 'new' | null;
  declare busy: boolean;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.admin = false;
    this.client = null;
    this.clients = [];
    this.resources = null;
    this.history = [];
    this.editing = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      this.clients = await this.api.get<ClientInfo[]>('/api/clients');
      this.client ??= this.clients[0]?.name ?? null;
      if (!this.client) return;
      const q = queryOf({ client: this.client });
      [this.resources, this.history] = await Promise.all([
        this.api.get<ResourceInfo[]>(`/api/resources${q}`),
        this.api.get<SyncRun[]>(`/api/sync/history${q}`),
      ]);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private choose(event: Event) {
    this.client = (event.target as HTMLSelectElement).value;
    this.editing = null;
    history.replaceState(null, '', `#/resources${queryOf({ client: this.client })}`);
    void this.load();
  }

  private async syncAndSave() {
    this.busy = true;
    this.error = null;
    try {
      const runs = await this.api.send<SyncRun[] | SyncRun>('POST', '/api/sync', { client: this.client });
      const run = Array.isArray(runs) ? runs[0] : runs;
      const failed = run?.outcomes.filter((o) => o.outcome === 'failed').length ?? 0;
      this.notice = `Sync & Save finished: ${run?.outcomes.length ?? 0} resources, ${failed} failed.`;
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  private async removeResource(resource: ResourceInfo) {
    if (!confirm(`Stop watching ${resource.email}?`)) return;
    try {
      await this.api.send('DELETE', `/api/resources/${encodeURIComponent(resource.id)}`);
      this.notice = `${resource.email} is no longer watched.`;
      await this.load();
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private async saved(event: CustomEvent<ResourceInfo>) {
    this.notice = `${event.detail.email} saved; its subscription is being created in the background.`;
    this.editing = null;
    await this.load();
  }

  private renderTable(resources: ResourceInfo[]) {
    if (resources.length === 0)
      return html`<p class="note">No resource yet${this.admin ? ': add one below' : ''}.</p>`;
    return html`<table>
      <thead>
        <tr>
          <th scope="col">Email</th>
          <th scope="col">State</th>
          <th scope="col">Last notification</th>
          ${statuses.map((s) => html`<th scope="col">${s}</th>`)}
          <th scope="col"><span class="sr-only">Actions</span></th>
        </tr>
      </thead>
      <tbody>
        ${resources.map(
          (r) =>
            html`<tr>
              <th scope="row">${r.email}<br /><span class="muted">${r.webhookTarget}</span></th>
              <td>
                <span class="badge ${r.state}">${r.state}</span
                >${r.stateReason ? html`<br /><span class="muted">${r.stateReason}</span>` : nothing}
                ${healthNotes(r)}
              </td>
              <td title=${formatTime(r.lastNotificationAt)}>${formatAge(r.lastNotificationAt)}</td>
              ${statuses.map(
                (s) =>
                  html`<td>
                    <a
                      href="#/messages${queryOf({ resource: r.id, status: s })}"
                      aria-label="${r.counts[s]} ${s} mails of ${r.email}"
                      >${r.counts[s]}</a
                    >
                  </td>`,
              )}
              <td>
                ${
                  this.admin
                    ? html`<button @click=${() => (this.editing = r)} aria-label="Edit ${r.email}">
                          Edit
                        </button>
                        <button
                          class="danger"
                          @click=${() => this.removeResource(r)}
                          aria-label="Remove ${r.email}"
                        >
                          Remove
                        </button>`
                    : nothing
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  private renderHistory() {
    if (this.history.length === 0) return html`<p class="muted">No Sync & Save run yet.</p>`;
    return html`<table aria-label="Sync & Save history">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Trigger</th>
          <th scope="col">Outcomes</th>
        </tr>
      </thead>
      <tbody>
        ${this.history.map(
          (run) =>
            html`<tr>
              <td>${formatTime(run.startedAt)}</td>
              <td>${run.trigger}</td>
              <td>
                ${
                  run.outcomes.length === 0
                    ? html`<span class="muted">no resources</span>`
                    : run.outcomes.map(
                        (o) =>
                          html`<div>
                            ${o.email}:
                            <span class="badge ${o.outcome === 'failed' ? 'failed' : 'ok'}"
                              >${o.outcome}</span
                            >
                            ${o.error ?? ''}
                          </div>`,
                      )
                }
              </td>
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  protected override render() {
    return html`<h2>Resources</h2>
      <div class="row">
        <div>
          <label for="client">Client</label>
          <select id="client" .value=${this.client ?? ''} @change=${this.choose}>
            ${this.clients.map((c) => html`<option value=${c.name} ?selected=${c.name === this.client}>${c.name}</option>`)}
          </select>
        </div>
        ${
          this.admin
            ? html`<button @click=${() => (this.editing = 'new')} ?disabled=${!this.client}>
                  Add resource
                </button>
                <button class="primary" @click=${this.syncAndSave} ?disabled=${this.busy || !this.client}>
                  ${this.busy ? 'Syncing…' : 'Sync & Save'}
                </button>`
            : nothing
        }
      </div>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      ${this.resources === null ? html`<p role="status">Loading…</p>` : this.renderTable(this.resources)}
      ${
        this.editing && this.client
          ? html`<msi-resource-form
              .api=${this.api}
              .client=${this.client}
              .resource=${this.editing === 'new' ? null : this.editing}
              @saved=${this.saved}
              @cancelled=${() => (this.editing = null)}
            ></msi-resource-form>`
          : nothing
      }
      <h3>Sync & Save history</h3>
      ${this.renderHistory()}`;
  }
}

customElements.define('msi-resources-page', ResourcesPage);

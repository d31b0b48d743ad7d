import { LitElement, html, nothing } from 'lit';
import { queryOf, type ApiClient } from '../api-client.js';
import type { MessageInfo, ResourceInfo } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';
import './message-detail.js';

const pageSize = 50;

interface Filter {
  resource: string;
  status: string;
  since: string;
  search: string;
}

/** The ledger per resource: filter by status and date, search, detail, retry one or many. */
export class MessagesPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    params: { attribute: false },
    resources: { state: true },
    filter: { state: true },
    items: { state: true },
    hasMore: { state: true },
    selected: { state: true },
    openId: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = baseStyles;

  declare api: ApiClient;
  declare admin: boolean;
  declare params: URLSearchParams;
  declare resources: ResourceInfo[];
  declare filter: Filter;
  declare items: MessageInfo[] | null;
  declare hasMore: boolean;
  declare selected: Set<string>;
  declare openId: string | null;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.admin = false;
    this.params = new URLSearchParams();
    this.resources = [];
    this.filter = { resource: '', status: '', since: '', search: '' };
    this.items = null;
    this.hasMore = false;
    this.selected = new Set();
    this.openId = null;
    this.error = null;
    this.notice = null;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('params')) {
      const p = this.params;
      this.filter = {
        resource: p.get('resource') ?? '',
        status: p.get('status') ?? '',
        since: p.get('since') ?? '',
        search: p.get('search') ?? '',
      };
      void this.load(false);
    }
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.api
      .get<ResourceInfo[]>('/api/resources')
      .then((r) => (this.resources = r))
      .catch((error: unknown) => (this.error = messageOf(error)));
  }

  private async load(more: boolean) {
    const f = this.filter;
    const since = f.since ? new Date(`${f.since}T00:00:00`).toISOString() : undefined;
    try {
      const page = await this.api.get<{ items: MessageInfo[]; hasMore: boolean }>(
        `/api/messages${queryOf({ resource: f.resource, status: f.status, since, search: f.search, limit: pageSize, offset: more ? (this.items?.length ?? 0) : 0 })}`,
      );
      this.items = more ? [...(this.items ?? []), ...page.items] : page.items;
      this.hasMore = page.hasMore;
      if (!more) this.selected = new Set();
      this.error = null;
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private apply(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const filter = Object.fromEntries(
      ['resource', 'status', 'since', 'search'].map((k) => [k, String(data.get(k) ?? '')]),
    );
    // The URL keeps the filter, so a reload or a shared link shows the same mails.
    location.hash = `#/messages${queryOf(filter)}`;
  }

  private toggle(id: string, on: boolean) {
    const next = new Set(this.selected);
    if (on) next.add(id);
    else next.delete(id);
    this.selected = next;
  }

  private async retrySelected() {
    try {
      const result = await this.api.send<{ queued: string[]; refused: unknown[] }>(
        'POST',
        '/api/messages/retry',
        { ids: [...this.selected] },
      );
      this.notice = `${result.queued.length} mail(s) queued for retry${result.refused.length ? `, ${result.refused.length} refused` : ''}.`;
      await this.load(false);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private renderFilter() {
    const f = this.filter;
    return html`<form class="row" @submit=${this.apply} aria-label="Filter mails">
      <div>
        <label for="resource">Resource</label>
        <select id="resource" name="resource">
          <option value="">All resources</option>
          ${this.resources.map((r) => html`<option value=${r.id} ?selected=${r.id === f.resource}>${r.email}</option>`)}
        </select>
      </div>
      <div>
        <label for="status">Status</label>
        <select id="status" name="status">
          <option value="">Any status</option>
          ${['failed', 'unprocessed', 'processing', 'processed', 'skipped', 'gone'].map((s) => html`<option value=${s} ?selected=${s === f.status}>${s}</option>`)}
        </select>
      </div>
      <div>
        <label for="since">Since</label><input id="since" name="since" type="date" .value=${f.since} />
      </div>
      <div>
        <label for="search">Subject or sender</label
        ><input id="search" name="search" type="search" .value=${f.search} />
      </div>
      <button type="submit">Apply</button>
    </form>`;
  }

  protected override render() {
    const items = this.items;
    return html`<h2>Messages</h2>
      ${this.renderFilter()} ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      ${this.admin ? html`<div class="row"><button @click=${this.retrySelected} ?disabled=${this.selected.size === 0}>Retry selected (${this.selected.size})</button></div>` : nothing}
      ${
        items === null
          ? html`<p role="status">Loading…</p>`
          : items.length === 0
            ? html`<p class="note">No mail matches.</p>`
            : html`<table>
                  <thead>
                    <tr>
                      <th scope="col"><span class="sr-only">Select</span></th>
                      <th scope="col">First seen</th>
                      <th scope="col">Subject</th>
                      <th scope="col">Sender</th>
                      <th scope="col">Status</th>
                      <th scope="col">Attempts</th>
                      <th scope="col"><span class="sr-only">Details</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    ${items.map(
                      (m) =>
                        html`<tr>
                          <td>
                            <input
                              type="checkbox"
                              aria-label="Select ${m.subject ?? m.id}"
                              .checked=${this.selected.has(m.id)}
                              @change=${(e: Event) => this.toggle(m.id, (e.target as HTMLInputElement).checked)}
                            />
                          </td>
                          <td>${formatTime(m.firstSeenAt)}</td>
                          <td>${m.subject ?? '(no subject)'}</td>
                          <td>${m.sender ?? ''}</td>
                          <td>
                            <span class="badge ${m.status}">${m.status}</span
                            >${m.error?.message ? html`<br /><span class="muted">${m.error.message}</span>` : nothing}
                          </td>
                          <td>${m.attempts}</td>
                          <td>
                            <button
                              @click=${() => (this.openId = m.id)}
                              aria-label="Details of ${m.subject ?? m.id}"
                            >
                              Details
                            </button>
                          </td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                ${this.hasMore ? html`<button @click=${() => this.load(true)}>Load more</button>` : nothing}`
      }
      ${
        this.openId
          ? html`<msi-message-detail
              .api=${this.api}
              .admin=${this.admin}
              .messageId=${this.openId}
              @closed=${() => (this.openId = null)}
              @retried=${() => this.load(false)}
            ></msi-message-detail>`
          : nothing
      }`;
  }
}

customElements.define('msi-messages-page', MessagesPage);

import { LitElement, css, html, nothing } from 'lit';
import { ApiError, queryOf, type ApiClient } from '../api-client.js';
import type { TicketDetailInfo, TicketInfo } from '../api-types.js';
import { formatTime, messageOf } from '../format.js';
import { baseStyles } from '../styles.js';
import './ticket-actions-panel.js';
import type { TicketOptionsInfo } from './ticket-actions-panel.js';
import './ticket-search.js';
import type { TicketFilters } from './ticket-search.js';

const statusLabel = (status: TicketInfo['status']) => (typeof status === 'string' ? status : status.label);
const statusKey = (status: TicketInfo['status']) => (typeof status === 'string' ? status : status.key);

/**
 * Helpdesk tickets and one ticket's history. Mail HTML arrives sanitised by the server and is still shown in a
 * sandboxed frame (no scripts, its own opaque origin), so nothing in a mail can reach the admin's session.
 */
export class HelpdeskPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    ticketId: { type: String },
    canWork: { type: Boolean },
    options: { state: true },
    tickets: { state: true },
    hasMore: { state: true },
    ticket: { state: true },
    unavailable: { state: true },
    error: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      iframe {
        width: 100%;
        min-height: 12rem;
        border: 1px solid #dde1ea;
        background: #fff;
      }
      .note-head {
        margin: 0.75rem 0 0.25rem;
      }
    `,
  ];

  declare api: ApiClient;
  declare ticketId: string | null;
  /** Agents and admins get the ticket controls; viewers only read. */
  declare canWork: boolean;
  declare options: TicketOptionsInfo | null;
  private filters: Partial<TicketFilters> = {};
  declare tickets: TicketInfo[] | null;
  declare hasMore: boolean;
  declare ticket: TicketDetailInfo | null;
  declare unavailable: boolean;
  declare error: string | null;
  private page = 1;

  constructor() {
    super();
    this.ticketId = null;
    this.canWork = false;
    this.options = null;
    this.tickets = null;
    this.hasMore = false;
    this.ticket = null;
    this.unavailable = false;
    this.error = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.loadList(false);
    void this.api
      .get<TicketOptionsInfo>('/api/helpdesk/ticket-options')
      .then((options) => (this.options = options))
      .catch(() => undefined);
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('ticketId')) {
      this.ticket = null;
      if (this.ticketId) void this.loadTicket(this.ticketId);
    }
  }

  private async loadList(more: boolean) {
    this.page = more ? this.page + 1 : 1;
    try {
      const answer = await this.api.get<{
        items: TicketInfo[];
        hasMore?: boolean;
        page?: number;
        pageSize?: number;
        total?: number;
      }>(`/api/helpdesk/tickets${queryOf({ ...this.filters, page: this.page })}`);
      this.tickets = more ? [...(this.tickets ?? []), ...answer.items] : answer.items;
      this.hasMore = answer.hasMore ?? (answer.page ?? 1) * (answer.pageSize ?? 50) < (answer.total ?? 0);
    } catch (error) {
      // A server without the built-in helpdesk has no such routes.
      if (error instanceof ApiError && error.status === 404) this.unavailable = true;
      else this.error = messageOf(error);
    }
  }

  private async loadTicket(id: string) {
    try {
      this.ticket = await this.api.get<TicketDetailInfo>(`/api/helpdesk/tickets/${encodeURIComponent(id)}`);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private renderTicket(t: TicketDetailInfo) {
    return html`<section class="card" aria-labelledby="ticket-title">
      <h3 id="ticket-title">${t.number} — ${t.title}</h3>
      <p>
        <span class="badge ${statusKey(t.status)}">${statusLabel(t.status)}</span>
        ${t.person ? html`from ${t.person.name} ${t.person.email ?? ''}` : nothing}
      </p>
      ${
        this.canWork
          ? html`<msi-ticket-actions
              .api=${this.api}
              .ticket=${t}
              .options=${this.options}
              @ticket-changed=${(e: CustomEvent<TicketDetailInfo>) => {
                this.ticket = e.detail;
                void this.loadList(false);
              }}
            ></msi-ticket-actions>`
          : nothing
      }
      <h3>History</h3>
      ${t.notes.length === 0 ? html`<p class="muted">No history notes.</p>` : nothing}
      ${t.notes.map(
        (n, i) =>
          html`<div class="note-head">
              <strong>${n.kind}</strong> ${n.authorAddress ?? ''}
              <span class="muted">${formatTime(n.createdAt)}</span>
            </div>
            ${
              n.html !== null
                ? html`<iframe
                    sandbox=""
                    referrerpolicy="no-referrer"
                    title="Mail content of note ${i + 1}"
                    srcdoc=${n.html}
                  ></iframe>`
                : html`<pre>${n.text ?? ''}</pre>`
            }`,
      )}
      <h3>Documents</h3>
      ${
        t.documents.length === 0
          ? html`<p class="muted">No documents.</p>`
          : html`<ul>
              ${t.documents.map((d) => html`<li>${d.fileName} <span class="muted">(${d.contentType}, ${Math.ceil(d.sizeBytes / 1024)} KB)</span></li>`)}
            </ul>`
      }
      <a class="button" href="#/helpdesk">Back to the tickets</a>
    </section>`;
  }

  protected override render() {
    if (this.unavailable) {
      return html`<h2>Helpdesk</h2>
        <p class="note" role="status">The built-in helpdesk is not available on this server.</p>`;
    }
    return html`<h2>Helpdesk</h2>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.ticket ? this.renderTicket(this.ticket) : nothing}
      <msi-ticket-search
        .options=${this.options}
        @ticket-search=${(e: CustomEvent<TicketFilters>) => {
          this.filters = Object.fromEntries(Object.entries(e.detail).filter(([, v]) => v !== ''));
          void this.loadList(false);
        }}
      ></msi-ticket-search>
      ${
        this.tickets === null
          ? html`<p role="status">Loading…</p>`
          : this.tickets.length === 0
            ? html`<p class="note">No ticket found.</p>`
            : html`<table>
                  <thead>
                    <tr>
                      <th scope="col">Number</th>
                      <th scope="col">Title</th>
                      <th scope="col">Status</th>
                      <th scope="col">Updated</th>
                    </tr>
                  </thead>
                  <tbody>
                    ${this.tickets.map(
                      (t) =>
                        html`<tr>
                          <td>${t.number}</td>
                          <td><a href="#/helpdesk${queryOf({ ticket: t.id })}">${t.title}</a></td>
                          <td><span class="badge ${statusKey(t.status)}">${statusLabel(t.status)}</span></td>
                          <td>${formatTime(t.updatedAt)}</td>
                        </tr>`,
                    )}
                  </tbody>
                </table>
                ${this.hasMore ? html`<button @click=${() => this.loadList(true)}>Load more</button>` : nothing}`
      }`;
  }
}

customElements.define('msi-helpdesk-page', HelpdeskPage);

import { LitElement, html } from 'lit';
import { baseStyles } from '../styles.js';
import type { TicketOptionsInfo } from './ticket-actions-panel.js';

/** What the ticket list is narrowed to; empty strings mean no filter. */
export interface TicketFilters {
  q: string;
  status: string;
  type: string;
  assignee: string;
  inbox: string;
}

/** Search box and filters of the ticket list; announces each search in a `ticket-search` event. */
export class TicketSearch extends LitElement {
  static override properties = { options: { attribute: false } };
  static override styles = [baseStyles];

  declare options: TicketOptionsInfo | null;

  constructor() {
    super();
    this.options = null;
  }

  private search(event: Event) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const field = (name: string) => String(data.get(name) ?? '').trim();
    const filters: TicketFilters = {
      q: field('q'),
      status: field('status'),
      type: field('type'),
      assignee: field('assignee'),
      inbox: field('inbox'),
    };
    this.dispatchEvent(new CustomEvent('ticket-search', { detail: filters, bubbles: true, composed: true }));
  }

  protected override render() {
    const o = this.options ?? { statuses: [], types: [], users: [], groups: [] };
    return html`<form class="row" role="search" aria-label="Search tickets" @submit=${this.search}>
      <div>
        <label for="ticket-q">Search</label
        ><input id="ticket-q" name="q" type="search" placeholder="Number, subject, sender or text" />
      </div>
      <div>
        <label for="filter-status">Status</label
        ><select id="filter-status" name="status">
          <option value="">Any</option>
          ${o.statuses.map((s) => html`<option value=${s.key}>${s.label}</option>`)}
        </select>
      </div>
      <div>
        <label for="filter-type">Type</label
        ><select id="filter-type" name="type">
          <option value="">Any</option>
          ${o.types.map((t) => html`<option value=${t.key}>${t.name}</option>`)}
        </select>
      </div>
      <div>
        <label for="filter-assignee">Assignee</label
        ><select id="filter-assignee" name="assignee">
          <option value="">Anyone</option>
          <option value="none">Nobody</option>
          ${o.users.map((u) => html`<option value="user:${u.id}">${u.displayName ?? u.username}</option>`)}
          ${o.groups.map((g) => html`<option value="group:${g.id}">Group ${g.name}</option>`)}
        </select>
      </div>
      <div>
        <label for="filter-inbox">Inbox</label
        ><input id="filter-inbox" name="inbox" type="email" placeholder="support@…" />
      </div>
      <button type="submit">Search</button>
    </form>`;
  }
}

customElements.define('msi-ticket-search', TicketSearch);

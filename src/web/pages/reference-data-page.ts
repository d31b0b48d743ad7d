import { LitElement, css, html, nothing } from 'lit';
import { queryOf, type ApiClient } from '../api-client.js';
import type { CompanyInfo } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';
import {
  bodyOfForm,
  referenceKinds,
  type ReferenceField,
  type ReferenceKind,
  type ReferenceRow,
} from './reference-data-kinds.js';

const e = (id: string) => encodeURIComponent(id);

/**
 * Reference data of the helpdesk: companies, persons, ticket types and statuses in tabs, each a list (search,
 * archived ones on request) with a form to add or edit; admins archive and restore, viewers only read.
 */
export class ReferenceDataPage extends LitElement {
  static override properties = {
    api: { attribute: false },
    admin: { type: Boolean },
    kind: { state: true },
    rows: { state: true },
    companies: { state: true },
    editing: { state: true },
    showArchived: { state: true },
    search: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      [role='tablist'] {
        display: flex;
        gap: 0.25rem;
        margin-bottom: 1rem;
      }
      [role='tab'][aria-selected='true'] {
        font-weight: 600;
        border-bottom: 3px solid #1f2f52;
      }
      tr.archived {
        color: #6b7280;
      }
    `,
  ];

  declare api: ApiClient;
  declare admin: boolean;
  declare kind: ReferenceKind;
  declare rows: ReferenceRow[];
  /** Every company (archived too), for names in the persons list and the company picker. */
  declare companies: CompanyInfo[];
  declare editing: ReferenceRow | null;
  declare showArchived: boolean;
  declare search: string;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.admin = false;
    this.kind = referenceKinds[0]!;
    this.rows = [];
    this.companies = [];
    this.editing = null;
    this.showArchived = false;
    this.search = '';
    this.error = null;
    this.notice = null;
  }

  override connectedCallback(): void {
    super.connectedCallback();
    void this.load();
  }

  private async load() {
    try {
      const query = queryOf({
        archived: this.showArchived || null,
        search: this.kind.searchable ? this.search : null,
      });
      [this.rows, this.companies] = await Promise.all([
        this.api.get<ReferenceRow[]>(`/api/helpdesk/${this.kind.path}${query}`),
        this.kind.path === 'persons'
          ? this.api.get<CompanyInfo[]>('/api/helpdesk/companies?archived=true')
          : Promise.resolve(this.companies),
      ]);
    } catch (error) {
      this.error = messageOf(error);
    }
  }

  private choose(kind: ReferenceKind) {
    Object.assign(this, { kind, editing: null, search: '', error: null, notice: null, rows: [] });
    void this.load();
  }

  /** Runs a change, reports what it says it did and reloads; the form is reset when it succeeded. */
  private async change(action: () => Promise<string>, form?: HTMLFormElement) {
    this.error = null;
    try {
      this.notice = await action();
      this.editing = null;
      form?.reset();
      await this.load();
    } catch (error) {
      this.notice = null;
      this.error = messageOf(error);
    }
  }

  private save(event: SubmitEvent) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const { kind, editing } = this;
    const body = bodyOfForm(kind, form, editing !== null);
    const base = `/api/helpdesk/${kind.path}`;
    void this.change(async () => {
      const saved = await (editing
        ? this.api.send<ReferenceRow>('PATCH', `${base}/${e(kind.idOf(editing))}`, body)
        : this.api.send<ReferenceRow>('POST', base, body));
      return `${editing ? 'Saved' : 'Added'} ${kind.singular} ${kind.nameOf(saved)}.`;
    }, form);
  }

  private setArchived(row: ReferenceRow, archived: boolean) {
    const { kind } = this;
    const action = archived ? 'archive' : 'restore';
    void this.change(async () => {
      await this.api.send('POST', `/api/helpdesk/${kind.path}/${e(kind.idOf(row))}/${action}`);
      return `${archived ? 'Archived' : 'Restored'} ${kind.singular} ${kind.nameOf(row)}.`;
    });
  }

  private companyName = (id: string) => {
    const company = this.companies.find((c) => c.id === id);
    return company ? `${company.name}${company.archivedAt ? ' (archived)' : ''}` : id;
  };

  private renderInput(field: ReferenceField) {
    const id = `rd-${field.name}`;
    const value = this.editing?.[field.name];
    if (field.input === 'checkbox')
      return html`<label class="inline"
        ><input id=${id} type="checkbox" name=${field.name} .checked=${Boolean(value)} />
        ${field.label}</label
      >`;
    if (field.input === 'company') {
      const current = typeof value === 'string' ? value : '';
      const choices = this.companies.filter((c) => !c.archivedAt || c.id === current);
      return html`<label for=${id}>${field.label}</label
        ><select id=${id} name=${field.name}>
          <option value="" ?selected=${!current}>(none)</option>
          ${choices.map((c) => html`<option value=${c.id} ?selected=${c.id === current}>${this.companyName(c.id)}</option>`)}
        </select>`;
    }
    const fixed = Boolean(field.fixed && this.editing);
    return html`<label for=${id}>${field.label}</label
      ><input
        id=${id}
        name=${field.name}
        type=${field.input}
        autocomplete="off"
        .value=${value === null || value === undefined ? '' : String(value)}
        ?required=${field.required && !fixed}
        ?readonly=${fixed}
      />`;
  }

  private renderForm() {
    const { kind, editing } = this;
    const title = editing ? `Edit ${kind.singular} ${kind.nameOf(editing)}` : `Add a ${kind.singular}`;
    return html`<form class="card" @submit=${this.save} aria-label=${title}>
      <h3>${title}</h3>
      <div class="row">${kind.fields.map((f) => html`<div>${this.renderInput(f)}</div>`)}</div>
      <div class="row">
        <button type="submit">${editing ? 'Save' : `Add ${kind.singular}`}</button>
        ${editing ? html`<button type="button" @click=${() => (this.editing = null)}>Cancel</button>` : nothing}
      </div>
    </form>`;
  }

  private renderRow(row: ReferenceRow) {
    const { kind } = this;
    const name = kind.nameOf(row);
    return html`<tr class=${row.archivedAt ? 'archived' : ''}>
      <th scope="row">${name}${row.archivedAt ? html` <span class="badge">archived</span>` : nothing}</th>
      ${kind.columns.map((c) => html`<td>${c.value(row, this.companyName)}</td>`)}
      ${
        this.admin
          ? html`<td>
              <button @click=${() => (this.editing = row)} aria-label="Edit ${name}">Edit</button>
              <button
                @click=${() => this.setArchived(row, !row.archivedAt)}
                aria-label="${row.archivedAt ? 'Restore' : 'Archive'} ${name}"
              >
                ${row.archivedAt ? 'Restore' : 'Archive'}
              </button>
            </td>`
          : nothing
      }
    </tr>`;
  }

  protected override render() {
    const { kind } = this;
    return html`<h2>Reference data</h2>
      <div role="tablist" aria-label="Reference data">
        ${referenceKinds.map(
          (k) =>
            html`<button
              role="tab"
              aria-selected=${k === kind ? 'true' : 'false'}
              @click=${() => this.choose(k)}
            >
              ${k.tab}
            </button>`,
        )}
      </div>
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      <div class="row">
        ${
          kind.searchable
            ? html`<div>
                <label for="rd-search">Search ${kind.tab.toLowerCase()}</label
                ><input
                  id="rd-search"
                  type="search"
                  .value=${this.search}
                  @change=${(ev: Event) => {
                    this.search = (ev.target as HTMLInputElement).value;
                    void this.load();
                  }}
                />
              </div>`
            : nothing
        }
        <label class="inline"
          ><input
            type="checkbox"
            .checked=${this.showArchived}
            @change=${(ev: Event) => {
              this.showArchived = (ev.target as HTMLInputElement).checked;
              void this.load();
            }}
          />
          Show archived</label
        >
      </div>
      <table aria-label=${kind.tab}>
        <thead>
          <tr>
            <th scope="col">${kind.nameColumn}</th>
            ${kind.columns.map((c) => html`<th scope="col">${c.label}</th>`)}
            ${this.admin ? html`<th scope="col"><span class="sr-only">Actions</span></th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${this.rows.map((row) => this.renderRow(row))}
        </tbody>
      </table>
      ${this.rows.length === 0 ? html`<p class="muted">None yet.</p>` : nothing}
      ${this.admin ? this.renderForm() : nothing}`;
  }
}

customElements.define('msi-reference-data-page', ReferenceDataPage);

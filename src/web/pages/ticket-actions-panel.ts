import { LitElement, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { TicketDetailInfo } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

/** What a ticket can be given (`GET /api/helpdesk/ticket-options`). */
export interface TicketOptionsInfo {
  statuses: Array<{ key: string; label: string }>;
  types: Array<{ key: string; name: string }>;
  users: Array<{ id: string; username: string; displayName: string | null }>;
  groups: Array<{ id: string; name: string }>;
}

/** The reply's attachment limit of the server (3 MB), checked here too so a big file fails before upload. */
const attachmentLimitBytes = 3 * 1024 * 1024;

const readBase64 = (file: File): Promise<string> =>
  new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('the file cannot be read'));
    reader.readAsDataURL(file);
  });

const valueOf = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? '');

/**
 * An agent's controls on one ticket: status, type, assignee, internal note and reply (with attachments). Each
 * change is sent to the API and announces the ticket as it now is in a `ticket-changed` event.
 */
export class TicketActionsPanel extends LitElement {
  static override properties = {
    api: { attribute: false },
    ticket: { attribute: false },
    options: { attribute: false },
    busy: { state: true },
    error: { state: true },
    notice: { state: true },
  };
  static override styles = [baseStyles];

  declare api: ApiClient;
  declare ticket: TicketDetailInfo;
  declare options: TicketOptionsInfo | null;
  declare busy: boolean;
  declare error: string | null;
  declare notice: string | null;

  constructor() {
    super();
    this.options = null;
    this.busy = false;
    this.error = null;
    this.notice = null;
  }

  private async act(action: string, body: unknown, done: string, form?: HTMLFormElement) {
    this.busy = true;
    this.error = null;
    this.notice = null;
    try {
      const answer = await this.api.send<TicketDetailInfo | { ticket: TicketDetailInfo }>(
        'POST',
        `/api/helpdesk/tickets/${encodeURIComponent(this.ticket.id)}/${action}`,
        body,
      );
      const ticket = 'ticket' in answer ? answer.ticket : answer;
      form?.reset();
      this.notice = done;
      this.dispatchEvent(
        new CustomEvent('ticket-changed', { detail: ticket, bubbles: true, composed: true }),
      );
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  private submit(action: string, done: string, body: (form: HTMLFormElement) => unknown) {
    return (event: Event) => {
      event.preventDefault();
      const form = event.target as HTMLFormElement;
      void this.act(action, body(form), done, action === 'notes' ? form : undefined);
    };
  }

  private async reply(event: Event) {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const files = Array.from((form.elements.namedItem('attachment') as HTMLInputElement | null)?.files ?? []);
    const size = files.reduce((sum, f) => sum + f.size, 0);
    if (size > attachmentLimitBytes) {
      this.error = `The attachments are ${Math.ceil(size / 1024)} KB; at most 3 MB can be sent.`;
      return;
    }
    const attachments = await Promise.all(
      files.map(async (f) => ({
        fileName: f.name,
        contentType: f.type || 'application/octet-stream',
        contentBase64: await readBase64(f),
      })),
    );
    await this.act('replies', { text: valueOf(form, 'text'), attachments }, 'Reply sent.', form);
  }

  protected override render() {
    const t = this.ticket;
    const o = this.options ?? { statuses: [], types: [], users: [], groups: [] };
    const status = typeof t.status === 'string' ? t.status : t.status.key;
    const assignee = t.assignee ? `${t.assignee.kind}:${t.assignee.id}` : '';
    return html`<section aria-label="Ticket actions">
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      ${this.notice ? html`<p class="note" role="status">${this.notice}</p>` : nothing}
      <form
        class="row"
        aria-label="Status"
        @submit=${this.submit('status', 'Status changed.', (f) => ({ status: valueOf(f, 'status') }))}
      >
        <div>
          <label for="ticket-status">Ticket status</label
          ><select id="ticket-status" name="status">
            ${o.statuses.map((s) => html`<option value=${s.key} ?selected=${s.key === status}>${s.label}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>Change status</button>
      </form>
      <form
        class="row"
        aria-label="Type"
        @submit=${this.submit('type', 'Type changed.', (f) => ({ type: valueOf(f, 'type') || null }))}
      >
        <div>
          <label for="ticket-type">Ticket type</label
          ><select id="ticket-type" name="type">
            <option value="">(none)</option>
            ${o.types.map((x) => html`<option value=${x.key} ?selected=${x.key === t.type?.key}>${x.name}</option>`)}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>Change type</button>
      </form>
      <form
        class="row"
        aria-label="Assignee"
        @submit=${this.submit('assignee', 'Assignee changed.', (f) => {
          const [kind, id] = valueOf(f, 'assignee').split(/:(.*)/);
          return kind === 'user' ? { userId: id } : kind === 'group' ? { groupId: id } : {};
        })}
      >
        <div>
          <label for="ticket-assignee">Assign to</label
          ><select id="ticket-assignee" name="assignee">
            <option value="">(nobody)</option>
            ${o.users.map(
              (u) =>
                html`<option value="user:${u.id}" ?selected=${assignee === `user:${u.id}`}>
                  ${u.displayName ?? u.username}
                </option>`,
            )}
            ${o.groups.map(
              (g) =>
                html`<option value="group:${g.id}" ?selected=${assignee === `group:${g.id}`}>
                  Group ${g.name}
                </option>`,
            )}
          </select>
        </div>
        <button type="submit" ?disabled=${this.busy}>Assign</button>
      </form>
      <form
        aria-label="Internal note"
        @submit=${this.submit('notes', 'Note added.', (f) => ({ text: valueOf(f, 'text') }))}
      >
        <label for="ticket-note">Internal note (not sent to the customer)</label>
        <textarea id="ticket-note" name="text" rows="3" required></textarea>
        <button type="submit" ?disabled=${this.busy}>Add note</button>
      </form>
      <form aria-label="Reply to the customer" @submit=${this.reply}>
        <label for="ticket-reply">Reply text</label>
        <textarea id="ticket-reply" name="text" rows="5" required></textarea>
        <label for="ticket-attachment">Attachments (at most 3 MB together)</label>
        <input id="ticket-attachment" name="attachment" type="file" multiple />
        <button type="submit" class="primary" ?disabled=${this.busy}>Send reply</button>
      </form>
    </section>`;
  }
}

customElements.define('msi-ticket-actions', TicketActionsPanel);

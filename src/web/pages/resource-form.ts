import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { ResourceInfo } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

/** The Add / Edit form of a resource: email, webhook target, recovery target, inactive, disposal. */
export class ResourceForm extends LitElement {
  static override properties = {
    api: { attribute: false },
    client: { type: String },
    resource: { attribute: false },
    mode: { state: true },
    error: { state: true },
    busy: { state: true },
  };
  static override styles = [
    baseStyles,
    css`
      fieldset {
        border: 1px solid #dde1ea;
        border-radius: 6px;
        padding: 0.5rem 1rem 1rem;
      }
      .hint {
        font-weight: normal;
        color: #5b6475;
        font-size: 0.85rem;
      }
    `,
  ];

  declare api: ApiClient;
  declare client: string;
  /** The resource being edited; null to add one. */
  declare resource: ResourceInfo | null;
  declare mode: string;
  declare error: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.resource = null;
    this.mode = 'soft-delete';
    this.error = null;
    this.busy = false;
  }

  override willUpdate(changed: Map<string, unknown>): void {
    if (changed.has('resource')) this.mode = this.resource?.disposal.mode ?? 'soft-delete';
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    const text = (name: string) => String(data.get(name) ?? '').trim();
    const fields = {
      email: text('email'),
      webhookTarget: text('webhookTarget'),
      recoveryTarget: text('recoveryTarget') || null,
      inactive: data.get('inactive') === 'on',
      disposal: {
        mode: this.mode,
        folder: this.mode === 'move' ? text('folder') || null : null,
        category: this.mode === 'categorise' ? text('category') || null : null,
      },
    };
    this.busy = true;
    this.error = null;
    try {
      const saved = this.resource
        ? await this.api.send<ResourceInfo>(
            'PATCH',
            `/api/resources/${encodeURIComponent(this.resource.id)}`,
            fields,
          )
        : await this.api.send<ResourceInfo>('POST', '/api/resources', { clientName: this.client, ...fields });
      this.dispatchEvent(new CustomEvent('saved', { detail: saved, bubbles: true, composed: true }));
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  private cancel() {
    this.dispatchEvent(new CustomEvent('cancelled', { bubbles: true, composed: true }));
  }

  protected override render() {
    const r = this.resource;
    const title = r ? `Edit ${r.email}` : `Add a resource to ${this.client}`;
    return html`<form @submit=${this.submit} aria-label=${title}>
      <fieldset>
        <legend>${title}</legend>
        <label for="email">Email <span class="hint">— the mailbox to watch</span></label>
        <input id="email" name="email" type="email" required .value=${r?.email ?? ''} autocomplete="off" />
        <label for="webhook"
          >Webhook target <span class="hint">— endpoint path such as /inbox/ or an https:// URL</span></label
        >
        <input id="webhook" name="webhookTarget" required .value=${r?.webhookTarget ?? ''} />
        <label for="recovery">Recovery target <span class="hint">— optional, used by recovery</span></label>
        <input id="recovery" name="recoveryTarget" .value=${r?.recoveryTarget ?? ''} />
        <label class="inline"
          ><input type="checkbox" name="inactive" .checked=${r?.inactive ?? false} /> Inactive (mail waits as
          Unprocessed)</label
        >
        <label for="disposal">Disposal of handled mail</label>
        <select
          id="disposal"
          name="disposal"
          .value=${this.mode}
          @change=${(e: Event) => (this.mode = (e.target as HTMLSelectElement).value)}
        >
          <option value="soft-delete">Soft delete (Recoverable Items)</option>
          <option value="delete">Delete</option>
          <option value="move">Move to a folder</option>
          <option value="categorise">Categorise</option>
        </select>
        ${
          this.mode === 'move'
            ? html`<label for="folder">Folder id or well-known name</label>
                <input id="folder" name="folder" required .value=${r?.disposal.folder ?? ''} />`
            : nothing
        }
        ${
          this.mode === 'categorise'
            ? html`<label for="category">Category</label>
                <input id="category" name="category" required .value=${r?.disposal.category ?? ''} />`
            : nothing
        }
        ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
        <div class="row">
          <button class="primary" type="submit" ?disabled=${this.busy}>
            ${r ? 'Save changes' : 'Add resource'}
          </button>
          <button type="button" @click=${this.cancel}>Cancel</button>
        </div>
      </fieldset>
    </form>`;
  }
}

customElements.define('msi-resource-form', ResourceForm);

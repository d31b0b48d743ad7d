import { LitElement, css, html, nothing } from 'lit';
import type { ApiClient } from '../api-client.js';
import type { SessionInfo } from '../api-types.js';
import { messageOf } from '../format.js';
import { baseStyles } from '../styles.js';

/** The sign-in form; fires `signed-in` with the session. */
export class LoginPage extends LitElement {
  static override properties = { api: { attribute: false }, error: { state: true }, busy: { state: true } };
  static override styles = [
    baseStyles,
    css`
      form.card {
        max-width: 22rem;
        margin: 4rem auto;
      }
      input {
        width: 100%;
        box-sizing: border-box;
      }
      button {
        margin-top: 1rem;
      }
    `,
  ];

  declare api: ApiClient;
  declare error: string | null;
  declare busy: boolean;

  constructor() {
    super();
    this.error = null;
    this.busy = false;
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault();
    const data = new FormData(event.target as HTMLFormElement);
    this.busy = true;
    this.error = null;
    try {
      const session = await this.api.send<SessionInfo>('POST', '/api/auth/login', {
        username: String(data.get('username') ?? ''),
        password: String(data.get('password') ?? ''),
      });
      this.dispatchEvent(new CustomEvent('signed-in', { detail: session, bubbles: true, composed: true }));
    } catch (error) {
      this.error = messageOf(error);
    } finally {
      this.busy = false;
    }
  }

  protected override render() {
    return html`<form class="card" @submit=${this.submit} aria-labelledby="login-title">
      <h2 id="login-title">Sign in to ms-inbox</h2>
      <label for="username">User name</label>
      <input id="username" name="username" autocomplete="username" required autofocus />
      <label for="password">Password</label>
      <input id="password" name="password" type="password" autocomplete="current-password" required />
      ${this.error ? html`<p class="alert" role="alert">${this.error}</p>` : nothing}
      <button class="primary" type="submit" ?disabled=${this.busy}>Sign in</button>
    </form>`;
  }
}

customElements.define('msi-login-page', LoginPage);

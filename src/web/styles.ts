import { css } from 'lit';

/** Styles every page shares: readable tables, visible focus, labelled forms, state badges. */
export const baseStyles = css`
  :host {
    display: block;
    font:
      15px/1.45 system-ui,
      -apple-system,
      'Segoe UI',
      sans-serif;
    color: #1d2330;
  }
  h2 {
    font-size: 1.3rem;
    margin: 0 0 0.75rem;
  }
  h3 {
    font-size: 1.05rem;
    margin: 1.25rem 0 0.5rem;
  }
  table {
    border-collapse: collapse;
    width: 100%;
    background: #fff;
  }
  th,
  td {
    text-align: left;
    padding: 0.4rem 0.6rem;
    border-bottom: 1px solid #e3e6ec;
    vertical-align: top;
  }
  th {
    font-weight: 600;
    background: #f5f6f9;
  }
  button,
  .button {
    font: inherit;
    padding: 0.35rem 0.8rem;
    border: 1px solid #36558f;
    border-radius: 4px;
    background: #fff;
    color: #1f3b70;
    cursor: pointer;
    text-decoration: none;
    display: inline-block;
  }
  button.primary {
    background: #1f4fa3;
    color: #fff;
  }
  button.danger {
    border-color: #a12c2c;
    color: #a12c2c;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  :focus-visible {
    outline: 3px solid #f0a500;
    outline-offset: 2px;
  }
  label {
    display: block;
    font-weight: 600;
    margin: 0.5rem 0 0.2rem;
  }
  label.inline {
    display: inline-flex;
    gap: 0.4rem;
    align-items: center;
    font-weight: normal;
  }
  input,
  select,
  textarea {
    font: inherit;
    padding: 0.3rem 0.45rem;
    border: 1px solid #9aa3b5;
    border-radius: 4px;
    min-width: 14rem;
  }
  input[type='checkbox'] {
    min-width: 0;
  }
  .row {
    display: flex;
    flex-wrap: wrap;
    gap: 0.75rem;
    align-items: flex-end;
    margin: 0.5rem 0;
  }
  .card {
    background: #fff;
    border: 1px solid #dde1ea;
    border-radius: 6px;
    padding: 1rem;
    margin: 0 0 1rem;
  }
  .badge {
    display: inline-block;
    padding: 0 0.45rem;
    border-radius: 3px;
    font-size: 0.85rem;
    font-weight: 600;
    background: #e8ebf1;
  }
  .badge.Active,
  .badge.processed,
  .badge.ok,
  .badge.done {
    background: #dcf3e3;
    color: #135c2c;
  }
  .badge.Expired,
  .badge.Error,
  .badge.failed,
  .badge.error,
  .badge.expired {
    background: #fbe0e0;
    color: #8a1c1c;
  }
  .badge.Inactive,
  .badge.skipped,
  .badge.gone {
    background: #eceff4;
    color: #4a5263;
  }
  .badge.Degraded,
  .badge.unprocessed,
  .badge.processing,
  .badge.warning,
  .badge.running,
  .badge.queued {
    background: #fff1cc;
    color: #6b4b00;
  }
  .alert {
    border-left: 4px solid #a12c2c;
    background: #fdf0f0;
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .note {
    border-left: 4px solid #1f4fa3;
    background: #eef3fc;
    padding: 0.5rem 0.75rem;
    margin: 0.5rem 0;
  }
  .muted {
    color: #5b6475;
  }
  pre {
    white-space: pre-wrap;
    word-break: break-word;
    background: #f5f6f9;
    padding: 0.5rem;
    font-size: 0.85rem;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;
